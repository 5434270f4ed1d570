/** Complaints (12345-style, 0022): the complaint, its steps, the day's numbers, and the region's time limits. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { effectiveQualitySettings } from './quality-settings.ts';
import type { ComplaintSource, ComplaintState, ComplaintStepAction } from '../domain/complaint.ts';
import type { ComplaintCategory, QualitySettings, RatingLevel, RevisitResult } from '../domain/rating.ts';

export interface ComplaintRecord {
  id: string;
  complaintNo: string;
  source: ComplaintSource;
  category: ComplaintCategory;
  urgent: boolean;
  state: ComplaintState;
  subject: string;
  content: string;
  complainantName: string;
  complainantPhone: string;
  anonymous: boolean;
  applicantId: string | null;
  accountId: string | null;
  caseId: string | null;
  caseNo: string | null;
  ratingId: string | null;
  regionCode: string;
  regionPath: string;
  regionName: string;
  departmentId: string | null;
  departmentName: string | null;
  handlerRegionPath: string | null;
  receivedBy: string | null;
  receivedByName: string | null;
  receivedAt: Date;
  dueAt: Date;
  stepStartedAt: Date;
  stepDueAt: Date | null;
  escalationLevel: number;
  supervisedCount: number;
  answer: string;
  answeredAt: Date | null;
  closedAt: Date | null;
  revisitResult: RevisitResult | null;
  revisitedAt: Date | null;
  satisfaction: RatingLevel | null;
  ratedAt: Date | null;
  updatedAt: Date;
}

export interface ComplaintStep {
  seq: number;
  action: ComplaintStepAction;
  fromDepartmentId: string | null;
  fromDepartmentName: string | null;
  toDepartmentId: string | null;
  toDepartmentName: string | null;
  actorId: string | null;
  actorLabel: string;
  reason: string;
  at: Date;
  stepDueAt: Date | null;
}

/** Where a reader may look: the grants' region subtrees (a department's grant: that department's complaints only). */
export type ComplaintReach = 'all' | readonly { regionPath: string; departmentId: string | null }[];

export interface ComplaintListFilter {
  reach: ComplaintReach;
  /** An applicant's own (online account). */
  accountId?: string;
  state?: ComplaintState;
  category?: ComplaintCategory;
  source?: ComplaintSource;
  departmentId?: string;
  /** Only those whose whole or step clock has run out at this instant (open ones). */
  overdueAt?: Date;
  limit: number;
  offset: number;
}

export type ComplaintPatch = Partial<{
  state: ComplaintState;
  department_id: string | null;
  handler_region_path: string | null;
  step_started_at: Date;
  step_due_at: Date | null;
  escalation_level: number;
  supervised_count: number;
  answer: string;
  answered_at: Date | null;
  closed_at: Date | null;
  revisit_result: string | null;
  revisited_at: Date | null;
  satisfaction: string | null;
  rated_at: Date | null;
}>;

function within(column: string, path: string) {
  return sql<boolean>`(${sql.ref(column)} = ${path} OR ${sql.ref(column)} LIKE ${`${path}.%`})`;
}

export class ComplaintRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** The next number of a region's day (1, 2, …), under the row's lock. */
  async nextNumber(regionCode: string, day: string): Promise<number> {
    const row = await this.db
      .insertInto('complaint_sequences')
      .values({ region_code: regionCode, day, last_value: 1 })
      .onConflict((oc) => oc.columns(['region_code', 'day']).doUpdateSet({ last_value: sql`complaint_sequences.last_value + 1` }))
      .returning('last_value')
      .executeTakeFirstOrThrow();
    return row.last_value;
  }

  /**
   * The region's effective settings: its own row, else the nearest ancestor's, else the defaults
   * (the same fall-back as the settings service).
   */
  async settingsFor(regionPath: string): Promise<QualitySettings> {
    return (await effectiveQualitySettings(this.db, regionPath)).settings;
  }

  async findRegion(code: string): Promise<{ code: string; path: string; name: string } | undefined> {
    return this.db.selectFrom('regions').select(['code', 'path', 'name']).where('code', '=', code).executeTakeFirst();
  }

  async findDepartment(id: string): Promise<{ id: string; name: string; regionPath: string } | undefined> {
    const row = await this.db.selectFrom('departments as d').innerJoin('regions as r', 'r.code', 'd.region_code').select(['d.id', 'd.name', 'r.path']).where('d.id', '=', id).executeTakeFirst();
    return row ? { id: row.id, name: row.name, regionPath: row.path } : undefined;
  }

  async findCaseByNo(caseNo: string): Promise<{ id: string; regionPath: string; applicantId: string } | undefined> {
    const row = await this.db.selectFrom('cases').select(['id', 'region_path', 'applicant_id']).where('case_no', '=', caseNo).executeTakeFirst();
    return row ? { id: row.id, regionPath: row.region_path, applicantId: row.applicant_id } : undefined;
  }

  async findRating(id: string): Promise<{ id: string; regionCode: string; regionPath: string; departmentId: string | null; caseId: string | null; anonymous: boolean; applicantId: string | null } | undefined> {
    const row = await this.db.selectFrom('ratings').select(['id', 'region_code', 'region_path', 'department_id', 'case_id', 'anonymous', 'applicant_id']).where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, regionCode: row.region_code, regionPath: row.region_path, departmentId: row.department_id, caseId: row.case_id, anonymous: row.anonymous, applicantId: row.applicant_id } : undefined;
  }

  async findApplicant(id: string): Promise<{ id: string; name: string; phone: string; regionCode: string | null } | undefined> {
    const row = await this.db.selectFrom('applicants').select(['id', 'name', 'phone', 'region_code']).where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, name: row.name, phone: row.phone, regionCode: row.region_code } : undefined;
  }

  async insert(input: {
    complaintNo: string;
    source: ComplaintSource;
    category: ComplaintCategory;
    urgent: boolean;
    subject: string;
    content: string;
    complainantName: string;
    complainantPhone: string;
    anonymous: boolean;
    applicantId: string | null;
    accountId: string | null;
    caseId: string | null;
    ratingId: string | null;
    regionCode: string;
    regionPath: string;
    receivedBy: string | null;
    at: Date;
    dueAt: Date;
  }): Promise<string> {
    const row = await this.db
      .insertInto('complaints')
      .values({
        complaint_no: input.complaintNo,
        source: input.source,
        category: input.category,
        urgent: input.urgent,
        state: 'received',
        subject: input.subject,
        content: input.content,
        complainant_name: input.complainantName,
        complainant_phone: input.complainantPhone,
        anonymous: input.anonymous,
        applicant_id: input.applicantId,
        account_id: input.accountId,
        case_id: input.caseId,
        rating_id: input.ratingId,
        region_code: input.regionCode,
        region_path: input.regionPath,
        received_by: input.receivedBy,
        received_at: input.at,
        due_at: input.dueAt,
        step_started_at: input.at,
        step_due_at: null,
        updated_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private query() {
    return this.db
      .selectFrom('complaints as c')
      .innerJoin('regions as r', 'r.code', 'c.region_code')
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      .leftJoin('staff as s', 's.id', 'c.received_by')
      .leftJoin('cases as k', 'k.id', 'c.case_id')
      .selectAll('c')
      .select(['r.name as region_name', 'd.name as department_name', 's.display_name as received_by_name', 'k.case_no as case_no']);
  }

  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<ComplaintRecord | undefined> {
    if (options.forUpdate) await this.db.selectFrom('complaints').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    const row = await this.query().where('c.id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async update(id: string, patch: ComplaintPatch, at: Date): Promise<void> {
    await this.db
      .updateTable('complaints')
      .set({ ...patch, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async insertStep(input: {
    complaintId: string;
    action: ComplaintStepAction;
    fromDepartmentId: string | null;
    toDepartmentId: string | null;
    actorId: string | null;
    actorLabel: string;
    reason: string;
    at: Date;
    stepDueAt: Date | null;
  }): Promise<number> {
    const last = await this.db.selectFrom('complaint_steps').select(sql<number>`coalesce(max(seq), 0)`.as('seq')).where('complaint_id', '=', input.complaintId).executeTakeFirstOrThrow();
    const seq = Number(last.seq) + 1;
    await this.db
      .insertInto('complaint_steps')
      .values({
        complaint_id: input.complaintId,
        seq,
        action: input.action,
        from_department_id: input.fromDepartmentId,
        to_department_id: input.toDepartmentId,
        actor_id: input.actorId,
        actor_label: input.actorLabel,
        reason: input.reason,
        at: input.at,
        step_due_at: input.stepDueAt,
      })
      .execute();
    return seq;
  }

  async steps(complaintId: string): Promise<ComplaintStep[]> {
    const rows = await this.db
      .selectFrom('complaint_steps as t')
      .leftJoin('departments as f', 'f.id', 't.from_department_id')
      .leftJoin('departments as o', 'o.id', 't.to_department_id')
      .selectAll('t')
      .select(['f.name as from_name', 'o.name as to_name'])
      .where('t.complaint_id', '=', complaintId)
      .orderBy('t.seq')
      .execute();
    return rows.map((r) => ({
      seq: r.seq,
      action: r.action as ComplaintStepAction,
      fromDepartmentId: r.from_department_id,
      fromDepartmentName: r.from_name,
      toDepartmentId: r.to_department_id,
      toDepartmentName: r.to_name,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      reason: r.reason,
      at: new Date(r.at),
      stepDueAt: r.step_due_at ? new Date(r.step_due_at) : null,
    }));
  }

  async list(filter: ComplaintListFilter): Promise<{ rows: ComplaintRecord[]; total: number }> {
    const q = this.filtered(filter);
    if (!q) return { rows: [], total: 0 };
    const counted = await q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = await q.orderBy('c.received_at', 'desc').orderBy('c.id').limit(filter.limit).offset(filter.offset).execute();
    return { rows: rows.map(toRecord), total: Number(counted.n) };
  }

  /** How many the list's query holds (the home's queues); `states`: any of these states. */
  async count(filter: Omit<ComplaintListFilter, 'limit' | 'offset'> & { states?: readonly ComplaintState[] }): Promise<number> {
    let q = this.filtered(filter);
    if (!q) return 0;
    if (filter.states) {
      if (filter.states.length === 0) return 0;
      q = q.where('c.state', 'in', filter.states);
    }
    const counted = await q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(counted.n);
  }

  /** The list's where-clause; `null` when the reach is empty. */
  private filtered(filter: Omit<ComplaintListFilter, 'limit' | 'offset'>) {
    let q = this.query();
    if (filter.accountId !== undefined) q = q.where('c.account_id', '=', filter.accountId);
    if (filter.reach !== 'all') {
      const reach = filter.reach;
      if (reach.length === 0) return null;
      q = q.where(({ or, and, eb }) => or(reach.map((g) => (g.departmentId === null ? eb.and([within('c.region_path', g.regionPath)]) : and([eb('c.department_id', '=', g.departmentId), within('c.handler_region_path', g.regionPath)])))));
    }
    if (filter.state) q = q.where('c.state', '=', filter.state);
    if (filter.category) q = q.where('c.category', '=', filter.category);
    if (filter.source) q = q.where('c.source', '=', filter.source);
    if (filter.departmentId) q = q.where('c.department_id', '=', filter.departmentId);
    if (filter.overdueAt) {
      const at = filter.overdueAt;
      q = q.where(({ or, and, eb }) => or([and([eb('c.state', 'in', ['received', 'dispatched', 'handling', 'answered']), eb('c.due_at', '<', at)]), and([eb('c.state', 'in', ['dispatched', 'handling']), eb('c.step_due_at', '<', at)])]));
    }
    return q;
  }

  /** Open complaints whose step or whole clock ran out and whose level is lower than it should be. */
  async escalationCandidates(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('complaints')
      .select('id')
      .where(({ or, and, eb }) =>
        or([
          and([eb('state', 'in', ['received', 'dispatched', 'handling', 'answered']), eb('due_at', '<', now), eb('escalation_level', '<', 2)]),
          and([eb('state', 'in', ['dispatched', 'handling']), eb('step_due_at', '<', now), eb('escalation_level', '<', 1)]),
        ]),
      )
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The complaints received in [from, to) within reach, for the month's figures. */
  async forFigures(reach: ComplaintReach, from: Date, to: Date): Promise<Pick<ComplaintRecord, 'category' | 'state' | 'receivedAt' | 'dueAt' | 'closedAt' | 'regionCode'>[]> {
    let q = this.db.selectFrom('complaints as c').select(['c.category', 'c.state', 'c.received_at', 'c.due_at', 'c.closed_at', 'c.region_code']).where('c.received_at', '>=', from).where('c.received_at', '<', to);
    if (reach !== 'all') {
      if (reach.length === 0) return [];
      q = q.where(({ or, and, eb }) => or(reach.map((g) => (g.departmentId === null ? eb.and([within('c.region_path', g.regionPath)]) : and([eb('c.department_id', '=', g.departmentId), within('c.handler_region_path', g.regionPath)])))));
    }
    const rows = await q.execute();
    return rows.map((r) => ({
      category: r.category as ComplaintCategory,
      state: r.state as ComplaintState,
      receivedAt: new Date(r.received_at),
      dueAt: new Date(r.due_at),
      closedAt: r.closed_at ? new Date(r.closed_at) : null,
      regionCode: r.region_code,
    }));
  }
}

type Row = Record<string, unknown>;

function date(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

function dateOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : date(v);
}

function toRecord(r: Row): ComplaintRecord {
  return {
    id: r.id as string,
    complaintNo: r.complaint_no as string,
    source: r.source as ComplaintSource,
    category: r.category as ComplaintCategory,
    urgent: r.urgent as boolean,
    state: r.state as ComplaintState,
    subject: r.subject as string,
    content: r.content as string,
    complainantName: r.complainant_name as string,
    complainantPhone: r.complainant_phone as string,
    anonymous: r.anonymous as boolean,
    applicantId: (r.applicant_id as string | null) ?? null,
    accountId: (r.account_id as string | null) ?? null,
    caseId: (r.case_id as string | null) ?? null,
    caseNo: (r.case_no as string | null) ?? null,
    ratingId: (r.rating_id as string | null) ?? null,
    regionCode: r.region_code as string,
    regionPath: r.region_path as string,
    regionName: r.region_name as string,
    departmentId: (r.department_id as string | null) ?? null,
    departmentName: (r.department_name as string | null) ?? null,
    handlerRegionPath: (r.handler_region_path as string | null) ?? null,
    receivedBy: (r.received_by as string | null) ?? null,
    receivedByName: (r.received_by_name as string | null) ?? null,
    receivedAt: date(r.received_at),
    dueAt: date(r.due_at),
    stepStartedAt: date(r.step_started_at),
    stepDueAt: dateOrNull(r.step_due_at),
    escalationLevel: Number(r.escalation_level),
    supervisedCount: Number(r.supervised_count),
    answer: r.answer as string,
    answeredAt: dateOrNull(r.answered_at),
    closedAt: dateOrNull(r.closed_at),
    revisitResult: (r.revisit_result as RevisitResult | null) ?? null,
    revisitedAt: dateOrNull(r.revisited_at),
    satisfaction: (r.satisfaction as RatingLevel | null) ?? null,
    ratedAt: dateOrNull(r.rated_at),
    updatedAt: date(r.updated_at),
  };
}
