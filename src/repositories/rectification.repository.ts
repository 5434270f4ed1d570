/**
 * 差评整改 and 申诉复核: the rectification tasks (rating_rectifications) with the rating they come from
 * (read here by a join, not through the rating capture's code), the appeals, and the region's
 * settings (quality_settings, nearest ancestor's row, else the defaults).
 */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { effectiveQualitySettings } from './quality-settings.ts';
import type { QualitySettings, RatingChannel, RatingLevel, RatingSource, RectificationState, RevisitResult, TriageKind, AppealReason } from '../domain/rating.ts';

/** A grant's reach: the region subtree and, when narrowed, the department. */
export interface ReachScope {
  regionPath: string;
  departmentId: string | null;
}

export interface RectificationRating {
  id: string;
  level: RatingLevel;
  channel: RatingChannel;
  source: RatingSource;
  indicators: Record<string, string>;
  tags: string[];
  comment: string;
  anonymous: boolean;
  excluded: boolean;
  givenAt: Date;
  caseId: string | null;
  caseNo: string | null;
  itemCode: string | null;
  itemName: string | null;
  /** The staff member rated (窗口人员). */
  staff: { id: string; name: string } | null;
  /** The rater: only filled for a real-name rating; the service drops it for an anonymous one too. */
  rater: { name: string | null; phone: string | null } | null;
}

export interface Rectification {
  id: string;
  state: RectificationState;
  triage: TriageKind | null;
  finding: string;
  measures: string;
  department: { id: string; name: string } | null;
  regionCode: string;
  regionPath: string;
  regionName: string;
  reportDue: string;
  rectifyDue: string;
  revisitDue: string | null;
  triagedAt: Date | null;
  reportedAt: Date | null;
  revisitedAt: Date | null;
  revisitedBy: { id: string; name: string } | null;
  revisitResult: RevisitResult | null;
  revisitNote: string;
  reLevel: RatingLevel | null;
  reRatedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  stateBeforeAppeal: RectificationState | null;
  pausedOn: string | null;
  rating: RectificationRating;
}

export interface RatingAppeal {
  id: string;
  ratingId: string;
  rectificationId: string | null;
  department: { id: string; name: string } | null;
  regionPath: string;
  reason: AppealReason;
  statement: string;
  filedBy: { id: string; name: string };
  filedAt: Date;
  state: 'pending' | 'upheld' | 'rejected';
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  decisionNote: string;
  pausedDays: number | null;
  ratingLevel: RatingLevel;
  caseNo: string | null;
}

export interface RectificationFilter {
  scopes: readonly ReachScope[] | 'all';
  state?: RectificationState;
  departmentId?: string;
  /** Tasks opened in [from, to). */
  createdFrom?: Date;
  createdTo?: Date;
}

/** What the home's counts add to the list's filter (the list's where-clause, counted). */
export interface RectificationCountFilter extends RectificationFilter {
  /** Any of these states. */
  states?: readonly RectificationState[];
  /** true: tasks of a department only; false: the center's own (no department) only. */
  hasDepartment?: boolean;
  /** Real-name ratings only (those that can be called back). */
  realNameOnly?: boolean;
  /**
   * Late on this China date: the pending step's due date is before it (what `rectificationWarning`
   * calls red, which is a plain date comparison): open → report_due; triaged → rectify_due for a
   * ledger (建台账), report_due otherwise; reported and real-name → revisit_due.
   */
  lateOn?: string;
}

export interface RectificationPatch {
  state?: RectificationState;
  triage?: TriageKind;
  finding?: string;
  measures?: string;
  assigneeId?: string | null;
  reportDue?: string;
  rectifyDue?: string;
  revisitDue?: string | null;
  triagedAt?: Date;
  reportedAt?: Date;
  revisitedAt?: Date;
  revisitedBy?: string;
  revisitResult?: RevisitResult;
  revisitNote?: string;
  reLevel?: RatingLevel;
  reRatedAt?: Date;
  closedAt?: Date;
  stateBeforeAppeal?: RectificationState | null;
  pausedOn?: string | null;
  at: Date;
}

export class RectificationRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  private query() {
    return this.db
      .selectFrom('rating_rectifications as t')
      .innerJoin('ratings as r', 'r.id', 't.rating_id')
      .innerJoin('regions as g', 'g.code', 't.region_code')
      .leftJoin('departments as d', 'd.id', 't.department_id')
      .leftJoin('cases as c', 'c.id', 'r.case_id')
      .leftJoin('staff as s', 's.id', 'r.staff_id')
      .leftJoin('staff as v', 'v.id', 't.revisited_by')
      .leftJoin('applicants as a', 'a.id', 'r.applicant_id')
      .select([
        't.id',
        't.state',
        't.triage',
        't.finding',
        't.measures',
        't.department_id',
        'd.name as department_name',
        't.region_code',
        't.region_path',
        'g.name as region_name',
        't.report_due',
        't.rectify_due',
        't.revisit_due',
        't.triaged_at',
        't.reported_at',
        't.revisited_at',
        't.revisited_by',
        'v.display_name as revisited_by_name',
        't.revisit_result',
        't.revisit_note',
        't.re_level',
        't.re_rated_at',
        't.closed_at',
        't.created_at',
        't.updated_at',
        't.state_before_appeal',
        't.paused_on',
        'r.id as rating_id',
        'r.level',
        'r.channel',
        'r.source',
        'r.indicators',
        'r.tags',
        'r.comment',
        'r.anonymous',
        'r.excluded',
        'r.given_at',
        'r.case_id',
        'c.case_no',
        'r.item_code',
        'c.item_name',
        'r.staff_id',
        's.display_name as staff_name',
        'a.name as rater_name',
        'r.rater_phone',
        'a.phone as applicant_phone',
        'c.applicant_name as case_applicant_name',
        'c.applicant_phone as case_applicant_phone',
      ]);
  }

  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<Rectification | undefined> {
    let query = this.query().where('t.id', '=', id);
    if (options.forUpdate) query = query.forUpdate('t');
    const row = await query.executeTakeFirst();
    return row && toRectification(row);
  }

  async findByRating(ratingId: string): Promise<Rectification | undefined> {
    const row = await this.query().where('t.rating_id', '=', ratingId).executeTakeFirst();
    return row && toRectification(row);
  }

  async list(filter: RectificationFilter, limit = 500): Promise<Rectification[]> {
    const query = this.filtered(filter);
    if (!query) return [];
    const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.id').limit(limit).execute();
    return rows.map(toRectification);
  }

  /** How many tasks the list's query (with the count's extra filters) holds. */
  async count(filter: RectificationCountFilter): Promise<number> {
    const query = this.filtered(filter);
    if (!query) return 0;
    const row = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The list's where-clause; `null` when the reach is empty. */
  private filtered(filter: RectificationCountFilter) {
    let query = this.query();
    const { scopes } = filter;
    if (scopes !== 'all') {
      if (scopes.length === 0) return null;
      query = query.where((eb) =>
        eb.or(
          scopes.map((s) => {
            const region = eb.or([eb('t.region_path', '=', s.regionPath), eb('t.region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId === null ? region : eb.and([region, eb('t.department_id', '=', s.departmentId)]);
          }),
        ),
      );
    }
    if (filter.state) query = query.where('t.state', '=', filter.state);
    if (filter.departmentId) query = query.where('t.department_id', '=', filter.departmentId);
    if (filter.createdFrom) query = query.where('t.created_at', '>=', filter.createdFrom);
    if (filter.createdTo) query = query.where('t.created_at', '<', filter.createdTo);
    if (filter.states) {
      if (filter.states.length === 0) return null;
      query = query.where('t.state', 'in', filter.states);
    }
    if (filter.hasDepartment !== undefined) query = query.where('t.department_id', filter.hasDepartment ? 'is not' : 'is', null);
    if (filter.realNameOnly) query = query.where('r.anonymous', '=', false);
    if (filter.lateOn) {
      const today = filter.lateOn;
      query = query.where((eb) =>
        eb.or([
          eb.and([eb('t.state', '=', 'open'), eb('t.report_due', '<', today)]),
          eb.and([eb('t.state', '=', 'triaged'), eb('t.triage', '=', 'ledger'), eb('t.rectify_due', '<', today)]),
          eb.and([eb('t.state', '=', 'triaged'), eb.or([eb('t.triage', 'is', null), eb('t.triage', '<>', 'ledger')]), eb('t.report_due', '<', today)]),
          eb.and([eb('t.state', '=', 'reported'), eb('r.anonymous', '=', false), eb('t.revisit_due', 'is not', null), eb('t.revisit_due', '<', today)]),
        ]),
      );
    }
    return query;
  }

  async update(id: string, patch: RectificationPatch): Promise<void> {
    await this.db
      .updateTable('rating_rectifications')
      .set({
        ...(patch.state !== undefined ? { state: patch.state } : {}),
        ...(patch.triage !== undefined ? { triage: patch.triage } : {}),
        ...(patch.finding !== undefined ? { finding: patch.finding } : {}),
        ...(patch.measures !== undefined ? { measures: patch.measures } : {}),
        ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}),
        ...(patch.reportDue !== undefined ? { report_due: patch.reportDue } : {}),
        ...(patch.rectifyDue !== undefined ? { rectify_due: patch.rectifyDue } : {}),
        ...(patch.revisitDue !== undefined ? { revisit_due: patch.revisitDue } : {}),
        ...(patch.triagedAt !== undefined ? { triaged_at: patch.triagedAt } : {}),
        ...(patch.reportedAt !== undefined ? { reported_at: patch.reportedAt } : {}),
        ...(patch.revisitedAt !== undefined ? { revisited_at: patch.revisitedAt } : {}),
        ...(patch.revisitedBy !== undefined ? { revisited_by: patch.revisitedBy } : {}),
        ...(patch.revisitResult !== undefined ? { revisit_result: patch.revisitResult } : {}),
        ...(patch.revisitNote !== undefined ? { revisit_note: patch.revisitNote } : {}),
        ...(patch.reLevel !== undefined ? { re_level: patch.reLevel } : {}),
        ...(patch.reRatedAt !== undefined ? { re_rated_at: patch.reRatedAt } : {}),
        ...(patch.closedAt !== undefined ? { closed_at: patch.closedAt } : {}),
        ...(patch.stateBeforeAppeal !== undefined ? { state_before_appeal: patch.stateBeforeAppeal } : {}),
        ...(patch.pausedOn !== undefined ? { paused_on: patch.pausedOn } : {}),
        updated_at: patch.at,
      })
      .where('id', '=', id)
      .execute();
  }

  async excludeRating(ratingId: string): Promise<void> {
    await this.db.updateTable('ratings').set({ excluded: true }).where('id', '=', ratingId).execute();
  }

  /** The region's settings: its own row, else its nearest ancestor's, else the defaults. */
  async settingsFor(regionPath: string): Promise<QualitySettings> {
    return (await effectiveQualitySettings(this.db, regionPath)).settings;
  }

  // Appeals.

  private appealQuery() {
    return this.db
      .selectFrom('rating_appeals as p')
      .innerJoin('ratings as r', 'r.id', 'p.rating_id')
      .innerJoin('staff as f', 'f.id', 'p.filed_by')
      .leftJoin('staff as x', 'x.id', 'p.decided_by')
      .leftJoin('departments as d', 'd.id', 'p.department_id')
      .leftJoin('cases as c', 'c.id', 'r.case_id')
      .select([
        'p.id',
        'p.rating_id',
        'p.rectification_id',
        'p.department_id',
        'd.name as department_name',
        'p.region_path',
        'p.reason',
        'p.statement',
        'p.filed_by',
        'f.display_name as filed_by_name',
        'p.filed_at',
        'p.state',
        'p.decided_by',
        'x.display_name as decided_by_name',
        'p.decided_at',
        'p.decision_note',
        'p.paused_days',
        'r.level',
        'c.case_no',
      ]);
  }

  async insertAppeal(input: { ratingId: string; rectificationId: string; departmentId: string | null; regionPath: string; reason: AppealReason; statement: string; filedBy: string; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('rating_appeals')
      .values({
        rating_id: input.ratingId,
        rectification_id: input.rectificationId,
        department_id: input.departmentId,
        region_path: input.regionPath,
        reason: input.reason,
        statement: input.statement,
        filed_by: input.filedBy,
        filed_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findAppeal(id: string, options: { forUpdate?: boolean } = {}): Promise<RatingAppeal | undefined> {
    let query = this.appealQuery().where('p.id', '=', id);
    if (options.forUpdate) query = query.forUpdate('p');
    const row = await query.executeTakeFirst();
    return row && toAppeal(row);
  }

  async appealsOfRating(ratingId: string): Promise<RatingAppeal[]> {
    const rows = await this.appealQuery().where('p.rating_id', '=', ratingId).orderBy('p.filed_at').execute();
    return rows.map(toAppeal);
  }

  async listAppeals(filter: { scopes: readonly ReachScope[] | 'all'; state?: RatingAppeal['state'] }, limit = 500): Promise<RatingAppeal[]> {
    const query = this.filteredAppeals(filter);
    if (!query) return [];
    const rows = await query.orderBy('p.filed_at', 'desc').limit(limit).execute();
    return rows.map(toAppeal);
  }

  /** How many appeals `listAppeals` would list (without its limit). */
  async countAppeals(filter: { scopes: readonly ReachScope[] | 'all'; state?: RatingAppeal['state'] }): Promise<number> {
    const query = this.filteredAppeals(filter);
    if (!query) return 0;
    const row = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private filteredAppeals(filter: { scopes: readonly ReachScope[] | 'all'; state?: RatingAppeal['state'] }) {
    let query = this.appealQuery();
    const { scopes } = filter;
    if (scopes !== 'all') {
      if (scopes.length === 0) return null;
      query = query.where((eb) =>
        eb.or(
          scopes.map((s) => {
            const region = eb.or([eb('p.region_path', '=', s.regionPath), eb('p.region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId === null ? region : eb.and([region, eb('p.department_id', '=', s.departmentId)]);
          }),
        ),
      );
    }
    if (filter.state) query = query.where('p.state', '=', filter.state);
    return query;
  }

  /** Decides a pending appeal; false when it was no longer pending (decided by someone else meanwhile). */
  async decideAppeal(id: string, input: { state: 'upheld' | 'rejected'; decidedBy: string | null; note: string; pausedDays: number; at: Date }): Promise<boolean> {
    const result = await this.db
      .updateTable('rating_appeals')
      .set({ state: input.state, decided_by: input.decidedBy, decided_at: input.at, decision_note: input.note, paused_days: input.pausedDays })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

type Row = Awaited<ReturnType<ReturnType<RectificationRepository['query']>['executeTakeFirstOrThrow']>>;
type AppealRow = Awaited<ReturnType<ReturnType<RectificationRepository['appealQuery']>['executeTakeFirstOrThrow']>>;

function toRectification(row: Row): Rectification {
  return {
    id: row.id,
    state: row.state as RectificationState,
    triage: row.triage as TriageKind | null,
    finding: row.finding,
    measures: row.measures,
    department: row.department_id ? { id: row.department_id, name: row.department_name ?? '' } : null,
    regionCode: row.region_code,
    regionPath: row.region_path,
    regionName: row.region_name,
    reportDue: row.report_due,
    rectifyDue: row.rectify_due,
    revisitDue: row.revisit_due,
    triagedAt: row.triaged_at,
    reportedAt: row.reported_at,
    revisitedAt: row.revisited_at,
    revisitedBy: row.revisited_by ? { id: row.revisited_by, name: row.revisited_by_name ?? '' } : null,
    revisitResult: row.revisit_result as RevisitResult | null,
    revisitNote: row.revisit_note,
    reLevel: row.re_level as RatingLevel | null,
    reRatedAt: row.re_rated_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stateBeforeAppeal: row.state_before_appeal as RectificationState | null,
    pausedOn: row.paused_on,
    rating: {
      id: row.rating_id,
      level: row.level as RatingLevel,
      channel: row.channel as RatingChannel,
      source: row.source as RatingSource,
      indicators: row.indicators ?? {},
      tags: row.tags,
      comment: row.comment,
      anonymous: row.anonymous,
      excluded: row.excluded,
      givenAt: row.given_at,
      caseId: row.case_id,
      caseNo: row.case_no,
      itemCode: row.item_code,
      itemName: row.item_name,
      staff: row.staff_id ? { id: row.staff_id, name: row.staff_name ?? '' } : null,
      // Never read out for an anonymous rating, whatever the columns hold. A real-name rating at the
      // window may not name the person (a ticket taken without identification): the applicant of the
      // case it rates is the one the center calls back.
      rater: row.anonymous ? null : { name: row.rater_name ?? row.case_applicant_name ?? null, phone: row.rater_phone ?? row.applicant_phone ?? row.case_applicant_phone ?? null },
    },
  };
}

function toAppeal(row: AppealRow): RatingAppeal {
  return {
    id: row.id,
    ratingId: row.rating_id,
    rectificationId: row.rectification_id,
    department: row.department_id ? { id: row.department_id, name: row.department_name ?? '' } : null,
    regionPath: row.region_path,
    reason: row.reason as AppealReason,
    statement: row.statement,
    filedBy: { id: row.filed_by, name: row.filed_by_name },
    filedAt: row.filed_at,
    state: row.state as RatingAppeal['state'],
    decidedBy: row.decided_by ? { id: row.decided_by, name: row.decided_by_name ?? '' } : null,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    pausedDays: row.paused_days,
    ratingLevel: row.level as RatingLevel,
    caseNo: row.case_no,
  };
}
