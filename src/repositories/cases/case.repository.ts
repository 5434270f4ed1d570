/**
 * The case rows: written, read, locked, searched; the back-office inbox; the rows the clock claims.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import type { TaskStatus } from '../../domain/case-process.ts';
import { applyStanding, caseStanding, withStanding } from './case-stats.ts';
import { summaryColumns, toCase, toSummary, type CasePatch, type CaseRecord, type CaseScope, type CaseSearch, type CaseSummary, type InboxEntry, type NewCase } from './records.ts';

export class CaseRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  private caseQuery() {
    return this.db.selectFrom('cases as c').innerJoin('departments as d', 'd.id', 'c.department_id').selectAll('c').select('d.name as department_name');
  }

  /** Inserts a case and returns it as `findCase` would read it, in one statement. */
  async insertCase(input: NewCase): Promise<CaseRecord> {
    const row = await this.db
      .with('c', (db) =>
        db
          .insertInto('cases')
          .values({
            case_no: input.caseNo,
            parent_id: input.parentId,
            bundle_code: input.bundleCode,
            item_version_id: input.itemVersionId,
            item_code: input.itemCode,
            item_name: input.itemName,
            department_id: input.departmentId,
            region_code: input.regionCode,
            region_path: input.regionPath,
            applicant_id: input.applicantId,
            applicant_name: input.applicantName,
            applicant_ref: input.applicantRef,
            applicant_phone: input.applicantPhone,
            scenario: input.scenario,
            channel: input.channel,
            via_agent: input.viaAgent,
            status: input.status,
            outcome_reason: input.outcomeReason ?? '',
            case_kind: input.caseKind,
            limit_days: input.limitDays,
            limit_unit: input.limitUnit,
            delegated: input.delegated,
            form: JSON.stringify(input.form),
            form_sealed: input.formSealed ?? null,
            query_secret: input.querySecret,
            received_at: input.at,
            accepted_on: input.acceptedOn ?? null,
            due_date: input.dueDate ?? null,
            visits: input.visits ?? 0,
            action_seq: input.actionSeq ?? 0,
            created_by: input.createdBy,
            updated_at: input.at,
            awaits_registration: input.awaitsRegistration ?? false,
            agent_authorisation_id: input.agentAuthorisationId ?? null,
          })
          .returningAll(),
      )
      .selectFrom('c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .selectAll('c')
      .select('d.name as department_name')
      .executeTakeFirstOrThrow();
    await applyStanding(this.db, null, await caseStanding(this.db, row.id));
    return toCase(row);
  }

  async findCase(id: string): Promise<CaseRecord | undefined> {
    const row = await this.caseQuery().where('c.id', '=', id).executeTakeFirst();
    return row && toCase(row);
  }

  async findByNumber(caseNo: string): Promise<CaseRecord | undefined> {
    const row = await this.caseQuery().where('c.case_no', '=', caseNo).executeTakeFirst();
    return row && toCase(row);
  }

  /** The case row, locked until the transaction ends: actions on one case queue here. */
  async lockCase(id: string): Promise<CaseRecord | undefined> {
    const locked = await this.db.selectFrom('cases').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked ? this.findCase(id) : undefined;
  }

  async children(parentId: string): Promise<CaseRecord[]> {
    const rows = await this.caseQuery().where('c.parent_id', '=', parentId).orderBy('c.case_no').execute();
    return rows.map(toCase);
  }

  async updateCase(id: string, patch: CasePatch, at: Date): Promise<void> {
    const set: Record<string, unknown> = { updated_at: at };
    const columns: Record<keyof CasePatch, string> = {
      status: 'status',
      outcome: 'outcome',
      outcomeReason: 'outcome_reason',
      acceptedOn: 'accepted_on',
      dueDate: 'due_date',
      pausedSince: 'paused_since',
      pausedKind: 'paused_kind',
      pausedDays: 'paused_days',
      warning: 'warning',
      concludedAt: 'concluded_at',
      deliveredAt: 'delivered_at',
      delivery: 'delivery',
      archivedAt: 'archived_at',
      form: 'form',
      holderId: 'holder_id',
      awaitsRegistration: 'awaits_registration',
      workingDaysUsed: 'working_days_used',
    };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const column = columns[key as keyof CasePatch];
      set[column] = (key === 'delivery' || key === 'form') && value !== null ? JSON.stringify(value) : value;
    }
    const update = async () => {
      await this.db.updateTable('cases').set(set).where('id', '=', id).execute();
    };
    // The rollups move when the case is concluded (or reopened), changes status or warning, or its due date moves.
    const moves = patch.concludedAt !== undefined || patch.dueDate !== undefined || patch.status !== undefined || patch.warning !== undefined || patch.outcome !== undefined || patch.workingDaysUsed !== undefined;
    if (moves) await withStanding(this.db, id, update);
    else await update();
  }

  /** Replaces a case's (sealed) query password. */
  async setQuerySecret(id: string, sealed: string, at: Date): Promise<void> {
    await this.db.updateTable('cases').set({ query_secret: sealed, updated_at: at }).where('id', '=', id).execute();
  }

  private scoped(scopes: readonly CaseScope[] | 'all') {
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's expression builder for whichever query the filter is put in
    return (eb: any): Expression<SqlBool> => {
      if (scopes === 'all') return sql<boolean>`true`;
      if (scopes.length === 0) return sql<boolean>`false`;
      return eb.or(
        scopes.map((s) => {
          const inRegion = eb.or([eb('c.region_path', '=', s.regionPath), eb('c.region_path', 'like', `${s.regionPath}.%`)]);
          if (s.departmentId === null) return inRegion;
          return eb.and([inRegion, eb.or([eb('c.department_id', '=', s.departmentId), eb.exists(eb.selectFrom('case_tasks as st').select('st.id').whereRef('st.case_id', '=', 'c.id').where('st.department_id', '=', s.departmentId))])]);
        }),
      );
    };
  }

  /** The cases a search (or a list built on one: the issuance queue, the home's counts) covers. */
  private searchQuery(search: Omit<CaseSearch, 'limit' | 'offset'>) {
    let query = this.db.selectFrom('cases as c').where(this.scoped(search.scopes));
    if (search.caseNo) query = query.where('c.case_no', 'like', `${search.caseNo.replace(/[%_\\]/g, '')}%`);
    if (search.applicantIds) query = search.applicantIds.length > 0 ? query.where('c.applicant_id', 'in', [...search.applicantIds]) : query.where(sql<boolean>`false`);
    if (search.phone) query = query.where('c.applicant_phone', '=', search.phone);
    if (search.itemCode) query = query.where('c.item_code', '=', search.itemCode);
    if (search.status && search.status.length > 0) query = query.where('c.status', 'in', [...search.status]);
    if (search.warning) query = query.where('c.warning', '=', search.warning).where('c.status', 'in', ['accepted', 'in_review', 'suspended']);
    if (search.topLevelOnly) query = query.where('c.parent_id', 'is', null);
    if (search.channels) query = query.where('c.channel', 'in', search.channels.length > 0 ? [...search.channels] : ['']);
    // An online draft is the applicant's own until it is submitted: no staff list shows it, whatever the filter.
    query = query.where('c.status', '<>', 'draft');
    return query;
  }

  async search(search: CaseSearch): Promise<{ total: number; cases: CaseSummary[] }> {
    const query = this.searchQuery(search);
    const [total, rows] = await Promise.all([
      this.count(search),
      // The department's name for the page's rows only: the count needs no join (every case has its department).
      query
        .innerJoin('departments as d', 'd.id', 'c.department_id')
        .select([...summaryColumns])
        .orderBy('c.received_at', 'desc')
        .orderBy('c.case_no', 'desc')
        .limit(search.limit)
        .offset(search.offset)
        .execute(),
    ]);
    return { total, cases: rows.map(toSummary) };
  }

  /** How many cases a search covers. */
  async count(search: Omit<CaseSearch, 'limit' | 'offset'>): Promise<number> {
    const row = await this.searchQuery(search)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The rollup's sums over China days `from`..`to` in the scopes: a scope narrowed to a department
   * counts the cases that department owns.
   */
  async statTotals(scopes: readonly CaseScope[] | 'all', from: string, to: string): Promise<{ received: number; concluded: number; onTime: number; zeroVisit: number; atMostOneVisit: number }> {
    let query = this.db.selectFrom('case_stats as s').where('s.day', '>=', from).where('s.day', '<=', to);
    if (scopes !== 'all')
      query = query.where((eb) =>
        scopes.length === 0
          ? sql<boolean>`false`
          : eb.or(
              scopes.map((sc) => {
                const inRegion = eb.or([eb('s.region_path', '=', sc.regionPath), eb('s.region_path', 'like', `${sc.regionPath}.%`)]);
                return sc.departmentId === null ? inRegion : eb.and([inRegion, eb('s.department_id', '=', sc.departmentId)]);
              }),
            ),
      );
    const row = await query
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<string>('s.received'), sql<string>`0`).as('received'),
        eb.fn.coalesce(eb.fn.sum<string>('s.concluded'), sql<string>`0`).as('concluded'),
        eb.fn.coalesce(eb.fn.sum<string>('s.on_time'), sql<string>`0`).as('on_time'),
        eb.fn.coalesce(eb.fn.sum<string>('s.zero_visit'), sql<string>`0`).as('zero_visit'),
        eb.fn.coalesce(eb.fn.sum<string>('s.at_most_one_visit'), sql<string>`0`).as('at_most_one_visit'),
      ])
      .executeTakeFirstOrThrow();
    return { received: Number(row.received), concluded: Number(row.concluded), onTime: Number(row.on_time), zeroVisit: Number(row.zero_visit), atMostOneVisit: Number(row.at_most_one_visit) };
  }

  /**
   * A department's open tasks in the region subtree, soonest due first: the back-office inbox. For
   * delegated cases the town approver's inbox is the region's (any department).
   */
  /** The open tasks an inbox lists (and the home counts). */
  private inboxQuery(scopes: readonly CaseScope[], delegated: boolean) {
    return this.db
      .selectFrom('case_tasks as t')
      .innerJoin('cases as c', 'c.id', 't.case_id')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .innerJoin('departments as td', 'td.id', 't.department_id')
      .where('t.status', 'in', ['pending', 'claimed'])
      .where('t.delegated', '=', delegated)
      .where((eb) =>
        eb.or(
          scopes.map((s) => {
            const inRegion = eb.or([eb('t.region_path', '=', s.regionPath), eb('t.region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId === null ? inRegion : eb.and([inRegion, eb('t.department_id', '=', s.departmentId)]);
          }),
        ),
      );
  }

  /** How many open tasks the inbox of these scopes holds. */
  async inboxCount(scopes: readonly CaseScope[], options: { delegated: boolean }): Promise<number> {
    if (scopes.length === 0) return 0;
    const row = await this.inboxQuery(scopes, options.delegated)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async inbox(scopes: readonly CaseScope[], options: { delegated: boolean; limit: number }): Promise<InboxEntry[]> {
    if (scopes.length === 0) return [];
    const rows = await this.inboxQuery(scopes, options.delegated)
      .select([...summaryColumns, 't.id as task_id', 't.stage_name', 't.status as task_status', 't.due_date as task_due_date', 't.assignee_name', 'td.name as task_department_name', 't.delegated', 'c.paused_kind'])
      .orderBy(sql`t.due_date NULLS LAST`)
      .orderBy('c.received_at')
      .limit(options.limit)
      .execute();
    return rows.map((r) => ({
      ...toSummary(r),
      taskId: r.task_id,
      stageName: r.stage_name,
      taskStatus: r.task_status as TaskStatus,
      taskDueDate: r.task_due_date,
      assigneeName: r.assignee_name,
      taskDepartmentName: r.task_department_name,
      delegated: r.delegated,
      pausedKind: r.paused_kind,
    }));
  }

  /** Running cases whose warning may have to rise, locked for this sweep and skipped by any other. */
  async claimForClock(horizon: string, limit: number, afterId: string | null): Promise<CaseRecord[]> {
    let query = this.db
      .selectFrom('cases')
      .select('id')
      .where('status', 'in', ['accepted', 'in_review'])
      .where('due_date', 'is not', null)
      .where('due_date', '<=', horizon)
      .where('warning', '<>', 'red')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    if (afterId) query = query.where('id', '>', afterId);
    const ids = (await query.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await this.caseQuery().where('c.id', 'in', ids).orderBy('c.id').execute();
    return rows.map(toCase);
  }

  async updateWarning(id: string, warning: 'none' | 'yellow' | 'red'): Promise<void> {
    await withStanding(this.db, id, async () => {
      await this.db.updateTable('cases').set({ warning }).where('id', '=', id).execute();
    });
  }

  /** Licences issued for a case (and, for a bundle, for its child cases). */
  async licencesOfCase(caseId: string, withChildren: boolean): Promise<{ identifier: string; licenceType: string; status: string }[]> {
    let query = this.db.selectFrom('licences as l').select(['l.number as identifier', 'l.licence_type as licenceType', 'l.status']);
    query = withChildren ? query.where((eb) => eb.or([eb('l.case_id', '=', caseId), eb('l.case_id', 'in', eb.selectFrom('cases').select('id').where('parent_id', '=', caseId))])) : query.where('l.case_id', '=', caseId);
    return query.orderBy('l.number').execute();
  }
}
