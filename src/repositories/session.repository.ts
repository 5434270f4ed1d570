/** Server-side sessions and API keys: both are looked up by the SHA-256 of a secret the caller holds. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';
import type { StaffMember } from './staff.repository.ts';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  departmentId: string | null;
  regionCode: string;
  regionPath: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** What the key may read through /api/shared (0029): item codes, shareable fields, requests per minute, until when. */
  itemCodes: string[];
  fields: string[];
  ratePerMinute: number;
  expiresAt: Date | null;
}

export class SessionRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  async insert(session: { tokenHash: string; staffId: string; createdAt: Date; expiresAt: Date; ip: string; userAgent: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: session.tokenHash,
        staff_id: session.staffId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
        ip: session.ip,
        user_agent: session.userAgent,
      })
      .execute();
  }

  /**
   * The active staff member behind a live session, with grants, in one round trip: this runs on
   * every signed-in request.
   */
  async findSessionStaff(tokenHash: string, now: Date): Promise<StaffMember | undefined> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('staff as st', 'st.id', 's.staff_id')
      .leftJoin('regions as home', 'home.code', 'st.region_code')
      .select(['st.id', 'st.username', 'st.display_name', 'st.phone', 'st.active', 'st.region_code', 'st.department_id', 'home.path as home_path'])
      .select(
        sql<{ role: Role; departmentId: string | null; regionCode: string; regionPath: string }[]>`(
          SELECT coalesce(json_agg(json_build_object('role', g.role, 'departmentId', g.department_id, 'regionCode', g.region_code, 'regionPath', r.path)
                                   ORDER BY g.role, r.path), '[]')
          FROM staff_grants g JOIN regions r ON r.code = g.region_code
          WHERE g.staff_id = st.id)`.as('grants'),
      )
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', now)
      .where('st.active', '=', true)
      .executeTakeFirst();
    if (!row) return undefined;
    const home = row.region_code && row.home_path ? { regionCode: row.region_code, regionPath: row.home_path, departmentId: row.department_id } : null;
    return { id: row.id, username: row.username, displayName: row.display_name, phone: row.phone, active: row.active, grants: row.grants, home };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteForStaff(staffId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('staff_id', '=', staffId).execute();
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async insertApiKey(input: { name: string; prefix: string; keyHash: string; departmentId: string | null; regionCode: string; createdBy: string | null; createdAt: Date }): Promise<string> {
    const row = await this.db
      .insertInto('api_keys')
      .values({
        name: input.name,
        prefix: input.prefix,
        key_hash: input.keyHash,
        department_id: input.departmentId,
        region_code: input.regionCode,
        created_by: input.createdBy,
        created_at: input.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private apiKeyQuery() {
    return this.db
      .selectFrom('api_keys as k')
      .innerJoin('regions as r', 'r.code', 'k.region_code')
      .select(['k.id', 'k.name', 'k.prefix', 'k.department_id', 'k.region_code', 'r.path', 'k.created_at', 'k.revoked_at', 'k.share_items', 'k.share_fields', 'k.rate_per_minute', 'k.expires_at']);
  }

  /** A key neither revoked nor expired at `now`. */
  async findLiveApiKey(keyHash: string, now: Date): Promise<ApiKeyRecord | undefined> {
    const row = await this.apiKeyQuery()
      .where('k.key_hash', '=', keyHash)
      .where('k.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', now)]))
      .executeTakeFirst();
    return row && toApiKey(row);
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.apiKeyQuery().where('k.id', '=', id).executeTakeFirst();
    return row && toApiKey(row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.apiKeyQuery().orderBy('k.created_at', 'desc').execute();
    return rows.map(toApiKey);
  }

  async updateApiKeyScope(id: string, scope: { itemCodes: string[]; fields: string[]; ratePerMinute: number; expiresAt: Date | null }): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ share_items: JSON.stringify(scope.itemCodes), share_fields: JSON.stringify(scope.fields), rate_per_minute: scope.ratePerMinute, expires_at: scope.expiresAt })
      .where('id', '=', id)
      .execute();
  }

  async revokeApiKey(id: string, at: Date): Promise<boolean> {
    const result = await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toApiKey(row: {
  id: string;
  name: string;
  prefix: string;
  department_id: string | null;
  region_code: string;
  path: string;
  created_at: Date;
  revoked_at: Date | null;
  share_items: string[];
  share_fields: string[];
  rate_per_minute: number;
  expires_at: Date | null;
}): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    departmentId: row.department_id,
    regionCode: row.region_code,
    regionPath: row.path,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    itemCodes: row.share_items,
    fields: row.share_fields,
    ratePerMinute: row.rate_per_minute,
    expiresAt: row.expires_at,
  };
}
