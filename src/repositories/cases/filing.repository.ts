/**
 * Filings of delegated decisions (委托事项备案) and the share of them sampled for case-file review.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import { chinaDate } from '../../domain/china-time.ts';
import { countCaseEvent } from './case-stats.ts';
import { toFiling, type CaseScope, type Filing } from './records.ts';

export class FilingRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  async insertFiling(input: { caseId: string; departmentId: string; fromRegionCode: string; dueDate: string; sampled: boolean; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('filings')
      .values({ case_id: input.caseId, department_id: input.departmentId, from_region_code: input.fromRegionCode, filed_at: input.at, due_date: input.dueDate, sampled: input.sampled })
      .returning('id')
      .executeTakeFirstOrThrow();
    await countCaseEvent(this.db, input.caseId, chinaDate(input.at), { filings_filed: 1 });
    return row.id;
  }

  private filingQuery() {
    return this.db
      .selectFrom('filings as f')
      .innerJoin('cases as c', 'c.id', 'f.case_id')
      .innerJoin('regions as r', 'r.code', 'f.from_region_code')
      .selectAll('f')
      .select(['c.case_no', 'c.item_name', 'c.applicant_name', 'c.outcome', 'r.name as from_region_name']);
  }

  /** Filings whose deciding region lies in a scope's region and whose department fits it. */
  private scopedFilings(scopes: readonly CaseScope[] | 'all') {
    let query = this.filingQuery();
    if (scopes !== 'all') {
      query =
        scopes.length === 0
          ? query.where(sql<boolean>`false`)
          : query.where((eb) =>
              eb.or(
                scopes.map((s) => {
                  const inRegion = eb.or([eb('r.path', '=', s.regionPath), eb('r.path', 'like', `${s.regionPath}.%`)]);
                  return s.departmentId === null ? inRegion : eb.and([inRegion, eb('f.department_id', '=', s.departmentId)]);
                }),
              ),
            );
    }
    return query;
  }

  /** Filings in the scopes still to be received (the list's unreceived rows): how many, and how many past their due date. */
  async countUnreceived(scopes: readonly CaseScope[] | 'all', today: string): Promise<{ due: number; overdue: number }> {
    const row = await this.scopedFilings(scopes)
      .clearSelect()
      .where('f.received_at', 'is', null)
      .select((eb) => [eb.fn.countAll<string>().as('due'), sql<string>`count(*) FILTER (WHERE f.due_date < ${today})`.as('overdue')])
      .executeTakeFirstOrThrow();
    return { due: Number(row.due), overdue: Number(row.overdue) };
  }

  async listFilings(scopes: readonly CaseScope[] | 'all', options: { sampledOnly?: boolean; limit: number }): Promise<Filing[]> {
    let query = this.scopedFilings(scopes);
    if (options.sampledOnly) query = query.where('f.sampled', '=', true);
    const rows = await query.orderBy('f.filed_at', 'desc').limit(options.limit).execute();
    return rows.map(toFiling);
  }

  async findFiling(id: string): Promise<Filing | undefined> {
    const row = await this.filingQuery().where('f.id', '=', id).executeTakeFirst();
    return row && toFiling(row);
  }

  async findFilingByCase(caseId: string): Promise<Filing | undefined> {
    const row = await this.filingQuery().where('f.case_id', '=', caseId).executeTakeFirst();
    return row && toFiling(row);
  }

  async lockFiling(id: string): Promise<Filing | undefined> {
    const locked = await this.db.selectFrom('filings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked ? this.findFiling(id) : undefined;
  }

  async updateFiling(id: string, patch: { receivedAt?: Date; receivedBy?: string; verdict?: 'correct' | 'incorrect'; verdictNote?: string; reviewedAt?: Date; reviewedBy?: string }): Promise<void> {
    const set: Record<string, unknown> = {};
    if (patch.receivedAt) set.received_at = patch.receivedAt;
    if (patch.receivedBy) set.received_by = patch.receivedBy;
    if (patch.verdict) set.verdict = patch.verdict;
    if (patch.verdictNote !== undefined) set.verdict_note = patch.verdictNote;
    if (patch.reviewedAt) set.reviewed_at = patch.reviewedAt;
    if (patch.reviewedBy) set.reviewed_by = patch.reviewedBy;
    const before = await this.db.selectFrom('filings').select(['case_id', 'due_date', 'received_at', 'reviewed_at', 'verdict']).where('id', '=', id).executeTakeFirst();
    await this.db.updateTable('filings').set(set).where('id', '=', id).execute();
    if (!before) return;
    // The supervision figures count a filing's receipt and its review once, in the month each happened.
    if (patch.receivedAt && before.received_at === null) {
      const day = chinaDate(patch.receivedAt);
      await countCaseEvent(this.db, before.case_id, day, { filings_received: 1, filings_received_late: day > before.due_date ? 1 : 0 });
    }
    if (patch.reviewedAt && patch.verdict && (before.reviewed_at === null || before.verdict === null)) {
      await countCaseEvent(this.db, before.case_id, chinaDate(patch.reviewedAt), { filings_reviewed: 1, filings_incorrect: patch.verdict === 'incorrect' ? 1 : 0 });
    }
  }

  /** Filings not received by their due date, for the clock's reminder. */
  async overdueFilings(today: string, limit: number): Promise<Filing[]> {
    const rows = await this.filingQuery().where('f.received_at', 'is', null).where('f.due_date', '<', today).orderBy('f.due_date').limit(limit).execute();
    return rows.map(toFiling);
  }

  async reviewSamplePercent(departmentId: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('file_review_policies').select('sample_percent').where('department_id', '=', departmentId).executeTakeFirst();
    return row?.sample_percent;
  }

  async setReviewSamplePercent(departmentId: string, percent: number, at: Date): Promise<void> {
    await this.db
      .insertInto('file_review_policies')
      .values({ department_id: departmentId, sample_percent: percent, updated_at: at })
      .onConflict((oc) => oc.column('department_id').doUpdateSet({ sample_percent: percent, updated_at: at }))
      .execute();
  }
}
