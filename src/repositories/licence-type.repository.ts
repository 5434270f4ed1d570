/** Licence types (证照类型) of the catalog: code, name, defining authority, validity. */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { LicenceType } from '../domain/catalog.ts';

export type { LicenceType };

export class LicenceTypeRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  async list(): Promise<LicenceType[]> {
    const rows = await this.db.selectFrom('licence_types').selectAll().orderBy('code').execute();
    return rows.map(toType);
  }

  async findByCode(code: string): Promise<LicenceType | undefined> {
    const row = await this.db.selectFrom('licence_types').selectAll().where('code', '=', code).executeTakeFirst();
    return row && toType(row);
  }

  async findByName(name: string): Promise<LicenceType | undefined> {
    const row = await this.db.selectFrom('licence_types').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toType(row);
  }

  /** Inserts or updates by code; 'unchanged' when the row already says exactly this. */
  async upsert(type: LicenceType, at: Date): Promise<'inserted' | 'updated' | 'unchanged'> {
    const existing = await this.findByCode(type.code);
    if (existing && existing.name === type.name && existing.authorityName === type.authorityName && existing.validityYears === type.validityYears) return 'unchanged';
    await this.db
      .insertInto('licence_types')
      .values({ code: type.code, name: type.name, authority_name: type.authorityName, validity_years: type.validityYears, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: type.name, authority_name: type.authorityName, validity_years: type.validityYears, updated_at: at }))
      .execute();
    return existing ? 'updated' : 'inserted';
  }
}

function toType(row: { code: string; name: string; authority_name: string; validity_years: number | null }): LicenceType {
  return { code: row.code, name: row.name, authorityName: row.authority_name, validityYears: row.validity_years };
}
