/**
 * 电子监察 alerts (0026): the rules' candidate reads for the alert job (each over a partial index of
 * its exceptions, never over all cases), the alerts themselves, their list, counts and watermarks.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { AlertRule, AlertState, AlertVerdict } from '../domain/alert.ts';
import type { CaseScope } from './cases/records.ts';

/** An alert as stored, with the names its readers need (the case number, the department). */
export interface Alert {
  id: string;
  rule: AlertRule;
  subjectKey: string;
  caseId: string | null;
  caseNo: string | null;
  itemName: string | null;
  departmentId: string;
  departmentName: string;
  regionPath: string;
  raisedAt: Date;
  raisedOn: string;
  facts: Record<string, unknown>;
  responseDue: string;
  state: AlertState;
  respondedBy: { id: string | null; name: string } | null;
  respondedAt: Date | null;
  response: string;
  closedBy: { id: string | null; name: string } | null;
  closedAt: Date | null;
  verdict: AlertVerdict | null;
  verdictNote: string;
}

/** What a rule found: one alert to raise (when its subject has none yet). */
export interface AlertCandidate {
  rule: AlertRule;
  subjectKey: string;
  caseId: string | null;
  departmentId: string;
  regionPath: string;
  /** The region whose calendar counts the response days. */
  regionCode: string;
  facts: Record<string, unknown>;
}

export interface AlertFilter {
  scopes: readonly CaseScope[] | 'all';
  rule?: AlertRule;
  state?: AlertState;
  /** A region subtree within the scopes. */
  regionPath?: string;
  departmentId?: string;
  /** Raised on or after / before (China dates, `to` inclusive). */
  from?: string;
  to?: string;
  /** Open past its response date (China date `today`). */
  overdueOn?: string;
  caseId?: string;
}

const runningStatuses = ['accepted', 'in_review', 'suspended'] as const;
const returnActions = ['task.return_previous', 'return_to_applicant'] as const;

function within(column: string, path: string) {
  return sql<boolean>`(${sql.ref(column)} = ${path} OR ${sql.ref(column)} LIKE ${`${path}.%`})`;
}

function notAlerted(rule: AlertRule, key: ReturnType<typeof sql>) {
  return sql<boolean>`NOT EXISTS (SELECT 1 FROM supervision_alerts s WHERE s.rule = ${rule} AND s.subject_key = ${key})`;
}

export class AlertRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /**
   * Holds the alert job's lock for the rest of the transaction, or says another process holds it
   * (that one is raising the same alerts: this run skips).
   */
  async tryJobLock(): Promise<boolean> {
    const row = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(7297226) AS locked`.execute(this.db);
    return row.rows[0]?.locked === true;
  }

  // ---- the rules' reads ------------------------------------------------------------------------

  /** Running cases the clock turned red, not alerted yet (cases_warning_running_idx: red running cases only). */
  async redCases(limit: number): Promise<AlertCandidate[]> {
    const rows = await this.db
      .selectFrom('cases as c')
      .select(['c.id', 'c.case_no', 'c.item_name', 'c.department_id', 'c.region_path', 'c.region_code', 'c.due_date', 'c.status'])
      .where('c.warning', '=', 'red')
      .where('c.status', 'in', runningStatuses)
      .where(notAlerted('case_red', sql`c.id::text`))
      .orderBy('c.due_date')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      rule: 'case_red',
      subjectKey: r.id,
      caseId: r.id,
      departmentId: r.department_id,
      regionPath: r.region_path,
      regionCode: r.region_code,
      facts: { caseNo: r.case_no, itemName: r.item_name, dueDate: r.due_date, status: r.status },
    }));
  }

  /** Deferred (容缺) materials still due after their date, not alerted yet (case_materials_deferred_due_idx). */
  async overdueDeferred(today: string, limit: number): Promise<AlertCandidate[]> {
    const rows = await this.db
      .selectFrom('case_materials as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .select(['c.id', 'c.case_no', 'c.item_name', 'c.department_id', 'c.region_path', 'c.region_code', 'm.key', 'm.name', 'm.deferred_due'])
      .where('m.state', '=', 'deferred')
      .where('m.deferred_due', '<', today)
      // The clock reminds of the same materials: the cases still running or decided, not their bundle's children.
      .where('c.parent_id', 'is', null)
      .where('c.status', 'in', [...runningStatuses, 'concluded'])
      .where(notAlerted('deferred_overdue', sql`c.id::text || ':' || m.key`))
      .orderBy('m.deferred_due')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      rule: 'deferred_overdue',
      subjectKey: `${r.id}:${r.key}`,
      caseId: r.id,
      departmentId: r.department_id,
      regionPath: r.region_path,
      regionCode: r.region_code,
      facts: { caseNo: r.case_no, itemName: r.item_name, material: r.name, materialKey: r.key, dueDate: r.deferred_due },
    }));
  }

  /**
   * Filings of delegated decisions the delegating department has not received by their due date (3
   * working days after the decision), not alerted yet (filings_unreceived_due_idx). The alert is the
   * department's, in its region.
   */
  async lateFilings(today: string, limit: number): Promise<AlertCandidate[]> {
    const rows = await this.db
      .selectFrom('filings as f')
      .innerJoin('cases as c', 'c.id', 'f.case_id')
      .innerJoin('departments as d', 'd.id', 'f.department_id')
      .innerJoin('regions as r', 'r.code', 'd.region_code')
      .innerJoin('regions as fr', 'fr.code', 'f.from_region_code')
      .select(['c.id', 'c.case_no', 'c.item_name', 'f.department_id', 'r.path', 'r.code', 'f.due_date', 'f.filed_at', 'fr.name as from_region'])
      .where('f.received_at', 'is', null)
      .where('f.due_date', '<', today)
      .where(notAlerted('filing_late', sql`c.id::text`))
      .orderBy('f.due_date')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      rule: 'filing_late',
      subjectKey: r.id,
      caseId: r.id,
      departmentId: r.department_id,
      regionPath: r.path,
      regionCode: r.code,
      facts: { caseNo: r.case_no, itemName: r.item_name, dueDate: r.due_date, filedAt: r.filed_at.toISOString(), fromRegion: r.from_region },
    }));
  }

  /**
   * Cases returned to the applicant for correction after acceptance, logged from `since` on
   * (case_actions_returns_idx: return actions only), in log order after (`at`, case, seq).
   */
  async correctionsSince(since: Date, after: { at: Date; caseId: string; seq: number } | null, limit: number): Promise<(AlertCandidate & { at: Date; seq: number })[]> {
    let query = this.db
      .selectFrom('case_actions as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .leftJoin('case_tasks as t', 't.id', 'a.task_id')
      .select(['a.case_id', 'a.seq', 'a.at', 'a.payload', 'c.case_no', 'c.item_name', 'c.department_id', 'c.region_path', 'c.region_code', 't.department_id as task_department_id', 't.region_path as task_region_path'])
      .where('a.action', '=', 'return_to_applicant')
      .where('a.at', '>=', since)
      .orderBy('a.at')
      .orderBy('a.case_id')
      .orderBy('a.seq')
      .limit(limit);
    if (after) query = query.where(sql<boolean>`(a.at, a.case_id, a.seq) > (${after.at}, ${after.caseId}::uuid, ${after.seq})`);
    const rows = await query.execute();
    return rows.map((r) => {
      const payload = (r.payload ?? {}) as Record<string, unknown>;
      return {
        rule: 'correction_after_acceptance',
        subjectKey: r.case_id,
        caseId: r.case_id,
        departmentId: r.task_department_id ?? r.department_id,
        regionPath: r.task_region_path ?? r.region_path,
        regionCode: r.region_code,
        facts: { caseNo: r.case_no, itemName: r.item_name, returnedAt: r.at.toISOString(), opinion: typeof payload.opinion === 'string' ? payload.opinion : '', stage: typeof payload.stage === 'string' ? payload.stage : '' },
        at: r.at,
        seq: r.seq,
      };
    });
  }

  /**
   * Each department's returns (退回上一环节, 退回申请人补正) from `baselineFrom` on: those from
   * `windowFrom` on and those before. Only departments with at least `minRecent` recent ones
   * (case_actions_returns_idx: the return actions of the 97 days only).
   */
  async departmentReturns(windowFrom: Date, baselineFrom: Date, minRecent: number): Promise<{ departmentId: string; departmentName: string; regionPath: string; regionCode: string; recent: number; baseline: number }[]> {
    const rows = await sql<{ department_id: string; name: string; path: string; code: string; recent: string; baseline: string }>`
      SELECT t.department_id, d.name, r.path, r.code,
             count(*) FILTER (WHERE a.at >= ${windowFrom}) AS recent,
             count(*) FILTER (WHERE a.at < ${windowFrom}) AS baseline
      FROM case_actions a
      JOIN case_tasks t ON t.id = a.task_id
      JOIN departments d ON d.id = t.department_id
      JOIN regions r ON r.code = d.region_code
      WHERE a.action IN (${sql.join(returnActions)}) AND a.at >= ${baselineFrom}
      GROUP BY t.department_id, d.name, r.path, r.code
      HAVING count(*) FILTER (WHERE a.at >= ${windowFrom}) >= ${minRecent}`.execute(this.db);
    return rows.rows.map((r) => ({ departmentId: r.department_id, departmentName: r.name, regionPath: r.path, regionCode: r.code, recent: Number(r.recent), baseline: Number(r.baseline) }));
  }

  async hasAlert(rule: AlertRule, subjectKey: string): Promise<boolean> {
    return (await this.db.selectFrom('supervision_alerts').select('id').where('rule', '=', rule).where('subject_key', '=', subjectKey).executeTakeFirst()) !== undefined;
  }

  async readMark(rule: AlertRule): Promise<Date | undefined> {
    return (await this.db.selectFrom('supervision_alert_marks').select('read_until').where('rule', '=', rule).executeTakeFirst())?.read_until;
  }

  async setMark(rule: AlertRule, readUntil: Date, at: Date): Promise<void> {
    await this.db
      .insertInto('supervision_alert_marks')
      .values({ rule, read_until: readUntil, updated_at: at })
      .onConflict((oc) => oc.column('rule').doUpdateSet({ read_until: readUntil, updated_at: at }))
      .execute();
  }

  // ---- the alerts ----------------------------------------------------------------------------

  /** Inserts the alert unless its rule already raised one for the subject; its id, or undefined. */
  async insertOnce(input: AlertCandidate & { raisedAt: Date; raisedOn: string; responseDue: string }): Promise<string | undefined> {
    const row = await this.db
      .insertInto('supervision_alerts')
      .values({
        rule: input.rule,
        subject_key: input.subjectKey,
        case_id: input.caseId,
        department_id: input.departmentId,
        region_path: input.regionPath,
        raised_at: input.raisedAt,
        raised_on: input.raisedOn,
        facts: JSON.stringify(input.facts),
        response_due: input.responseDue,
      })
      .onConflict((oc) => oc.columns(['rule', 'subject_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  private alertQuery() {
    return this.db.selectFrom('supervision_alerts as s').innerJoin('departments as d', 'd.id', 's.department_id').leftJoin('cases as c', 'c.id', 's.case_id').selectAll('s').select(['d.name as department_name', 'c.case_no', 'c.item_name']);
  }

  private filtered(filter: AlertFilter) {
    let query = this.alertQuery();
    const { scopes } = filter;
    if (scopes !== 'all') {
      query =
        scopes.length === 0
          ? query.where(sql<boolean>`false`)
          : query.where((eb) => eb.or(scopes.map((s) => (s.departmentId === null ? within('s.region_path', s.regionPath) : eb.and([within('s.region_path', s.regionPath), eb('s.department_id', '=', s.departmentId)])))));
    }
    if (filter.rule) query = query.where('s.rule', '=', filter.rule);
    if (filter.state) query = query.where('s.state', '=', filter.state);
    if (filter.regionPath) query = query.where(within('s.region_path', filter.regionPath));
    if (filter.departmentId) query = query.where('s.department_id', '=', filter.departmentId);
    if (filter.from) query = query.where('s.raised_on', '>=', filter.from);
    if (filter.to) query = query.where('s.raised_on', '<=', filter.to);
    if (filter.overdueOn) query = query.where('s.state', '=', 'open').where('s.response_due', '<', filter.overdueOn);
    if (filter.caseId) query = query.where('s.case_id', '=', filter.caseId);
    return query;
  }

  async list(filter: AlertFilter, page: { limit: number; offset: number }): Promise<{ items: Alert[]; total: number }> {
    const rows = await this.filtered(filter).orderBy('s.raised_at', 'desc').orderBy('s.id').limit(page.limit).offset(page.offset).execute();
    const count = await this.filtered(filter)
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return { items: rows.map(toAlert), total: Number(count.n) };
  }

  async find(id: string): Promise<Alert | undefined> {
    const row = await this.alertQuery().where('s.id', '=', id).executeTakeFirst();
    return row && toAlert(row);
  }

  async lock(id: string): Promise<Alert | undefined> {
    const locked = await this.db.selectFrom('supervision_alerts').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked ? this.find(id) : undefined;
  }

  async respond(id: string, input: { by: string | null; byName: string; at: Date; text: string }): Promise<void> {
    await this.db.updateTable('supervision_alerts').set({ state: 'responded', responded_by: input.by, responded_by_name: input.byName, responded_at: input.at, response: input.text }).where('id', '=', id).execute();
  }

  async close(id: string, input: { by: string | null; byName: string; at: Date; verdict: AlertVerdict; note: string }): Promise<void> {
    await this.db.updateTable('supervision_alerts').set({ state: 'closed', closed_by: input.by, closed_by_name: input.byName, closed_at: input.at, verdict: input.verdict, verdict_note: input.note }).where('id', '=', id).execute();
  }

  /** Counts per rule and state of the alerts raised in the period, and of those open past their date on `today`. */
  async counts(filter: AlertFilter, today: string): Promise<{ rule: AlertRule; state: AlertState; count: number; overdue: number }[]> {
    const rows = await this.filtered(filter)
      .clearSelect()
      .select((eb) => ['s.rule', 's.state', eb.fn.countAll<string>().as('n'), sql<string>`count(*) FILTER (WHERE s.state = 'open' AND s.response_due < ${today})`.as('overdue')])
      .groupBy(['s.rule', 's.state'])
      .execute();
    return rows.map((r) => ({ rule: r.rule as AlertRule, state: r.state as AlertState, count: Number(r.n), overdue: Number(r.overdue) }));
  }
}

type Row = Record<string, unknown>;

function toAlert(r: Row): Alert {
  const s = r as {
    id: string;
    rule: string;
    subject_key: string;
    case_id: string | null;
    case_no: string | null;
    item_name: string | null;
    department_id: string;
    department_name: string;
    region_path: string;
    raised_at: Date;
    raised_on: string;
    facts: Record<string, unknown>;
    response_due: string;
    state: string;
    responded_by: string | null;
    responded_by_name: string | null;
    responded_at: Date | null;
    response: string;
    closed_by: string | null;
    closed_by_name: string | null;
    closed_at: Date | null;
    verdict: string | null;
    verdict_note: string;
  };
  return {
    id: s.id,
    rule: s.rule as AlertRule,
    subjectKey: s.subject_key,
    caseId: s.case_id,
    caseNo: s.case_no,
    itemName: s.item_name,
    departmentId: s.department_id,
    departmentName: s.department_name,
    regionPath: s.region_path,
    raisedAt: s.raised_at,
    raisedOn: s.raised_on,
    facts: s.facts ?? {},
    responseDue: s.response_due,
    state: s.state as AlertState,
    respondedBy: s.responded_by_name ? { id: s.responded_by, name: s.responded_by_name } : null,
    respondedAt: s.responded_at,
    response: s.response,
    closedBy: s.closed_by_name ? { id: s.closed_by, name: s.closed_by_name } : null,
    closedAt: s.closed_at,
    verdict: s.verdict as AlertVerdict | null,
    verdictNote: s.verdict_note,
  };
}
