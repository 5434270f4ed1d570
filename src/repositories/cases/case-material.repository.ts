/**
 * A case's materials as the front desk marked them, and deferred ones collected or overdue.
 */
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import { withStanding } from './case-stats.ts';
import { toMaterial, type CaseMaterial } from './records.ts';

export class CaseMaterialRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Marks materials (a deferred one counts as open in the supervision rollups until it is provided). */
  async upsertMaterials(caseId: string, materials: readonly Omit<CaseMaterial, 'collectedAt'>[]): Promise<void> {
    if (materials.length === 0) return;
    await withStanding(this.db, caseId, () => this.upsert(caseId, materials));
  }

  private async upsert(caseId: string, materials: readonly Omit<CaseMaterial, 'collectedAt'>[]): Promise<void> {
    await this.db
      .insertInto('case_materials')
      .values(
        materials.map((m) => ({
          case_id: caseId,
          key: m.key,
          name: m.name,
          required: m.required,
          deferrable_until: m.deferrableUntil,
          state: m.state,
          licence_id: m.licenceId,
          deferred_due: m.deferredDue,
          note: m.note,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['case_id', 'key']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          licence_id: eb.ref('excluded.licence_id'),
          deferred_due: eb.ref('excluded.deferred_due'),
          note: eb.ref('excluded.note'),
        })),
      )
      .execute();
  }

  /** The materials of a new case, returned in `listMaterials` order, in one statement. */
  async insertMaterials(caseId: string, materials: readonly Omit<CaseMaterial, 'collectedAt'>[]): Promise<CaseMaterial[]> {
    if (materials.length === 0) return [];
    const insert = () =>
      this.db
        .with('m', (db) =>
          db
            .insertInto('case_materials')
            .values(
              materials.map((m) => ({
                case_id: caseId,
                key: m.key,
                name: m.name,
                required: m.required,
                deferrable_until: m.deferrableUntil,
                state: m.state,
                licence_id: m.licenceId,
                deferred_due: m.deferredDue,
                note: m.note,
              })),
            )
            .returningAll(),
        )
        .selectFrom('m')
        .selectAll()
        .orderBy('required', 'desc')
        .orderBy('key')
        .execute();
    const rows = materials.some((m) => m.state === 'deferred') ? await withStanding(this.db, caseId, insert) : await insert();
    return rows.map(toMaterial);
  }

  async listMaterials(caseId: string): Promise<CaseMaterial[]> {
    const rows = await this.db.selectFrom('case_materials').selectAll().where('case_id', '=', caseId).orderBy('required', 'desc').orderBy('key').execute();
    return rows.map(toMaterial);
  }

  async collectMaterial(caseId: string, key: string, at: Date): Promise<boolean> {
    const result = await withStanding(this.db, caseId, () =>
      this.db.updateTable('case_materials').set({ state: 'provided', collected_at: at }).where('case_id', '=', caseId).where('key', '=', key).where('state', '=', 'deferred').executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  /** Deferred materials past their due date on cases still open, for the clock's reminder. */
  async overdueDeferred(today: string, limit: number): Promise<{ caseId: string; caseNo: string; applicantId: string; key: string; name: string; due: string }[]> {
    const rows = await this.db
      .selectFrom('case_materials as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .select(['c.id as caseId', 'c.case_no as caseNo', 'c.applicant_id as applicantId', 'm.key', 'm.name', 'm.deferred_due as due'])
      .where('m.state', '=', 'deferred')
      .where('m.deferred_due', '<', today)
      .where('c.parent_id', 'is', null)
      .where('c.status', 'in', ['accepted', 'in_review', 'suspended', 'concluded'])
      .orderBy('m.deferred_due')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, due: r.due! }));
  }
}
