/**
 * Cases and what hangs off them: the action log (append-only), materials, department tasks,
 * notices, the visit ledger, clock notifications and filings. The case row is the projection the
 * service keeps in step with the log, in the same transaction.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { CaseStatus } from '../domain/case-lifecycle.ts';
import type { MaterialState, TaskStatus } from '../domain/case-process.ts';
import type { DayUnit, DeferrableUntil } from '../domain/catalog.ts';

export interface CaseRecord {
  id: string;
  caseNo: string;
  parentId: string | null;
  bundleCode: string | null;
  itemVersionId: string | null;
  itemCode: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  regionCode: string;
  regionPath: string;
  applicantId: string;
  applicantName: string;
  applicantRef: string;
  applicantPhone: string;
  scenario: string | null;
  channel: string;
  viaAgent: boolean;
  status: CaseStatus;
  outcome: 'approved' | 'rejected' | null;
  outcomeReason: string;
  caseKind: 'instant' | 'promised';
  limitDays: number;
  limitUnit: DayUnit;
  delegated: boolean;
  form: Record<string, unknown>;
  querySecret: string;
  receivedAt: Date;
  acceptedOn: string | null;
  dueDate: string | null;
  pausedSince: string | null;
  pausedKind: 'correction' | 'special' | null;
  pausedDays: number;
  warning: 'none' | 'yellow' | 'red';
  concludedAt: Date | null;
  deliveredAt: Date | null;
  delivery: Record<string, unknown> | null;
  archivedAt: Date | null;
  visits: number;
  createdBy: string | null;
  /** Who holds the results when not the applicant: the organisation the case's 一件事 registered. */
  holderId: string | null;
  /** A child of a business-creating 一件事 that is not concluded before its registration child is approved. */
  awaitsRegistration: boolean;
}

export type NewCase = Omit<CaseRecord, 'id' | 'receivedAt' | 'departmentName' | 'acceptedOn' | 'dueDate' | 'pausedSince' | 'pausedKind' | 'pausedDays' | 'warning' | 'concludedAt' | 'deliveredAt' | 'delivery' | 'archivedAt' | 'visits' | 'outcome' | 'outcomeReason' | 'holderId' | 'awaitsRegistration'> & {
  at: Date;
  awaitsRegistration?: boolean;
  /**
   * A case written in the state its intake leaves it in (accepted, given a due date, its first
   * visit counted, its action log already `actionSeq` long): the caller writes those rows with it.
   */
  acceptedOn?: string | null;
  dueDate?: string | null;
  outcomeReason?: string;
  visits?: number;
  actionSeq?: number;
  /** The original values of the fields `form` shows masked, sealed by the service (resident IDs). */
  formSealed?: string | null;
};

export type CasePatch = Partial<Pick<CaseRecord, 'status' | 'outcome' | 'outcomeReason' | 'acceptedOn' | 'dueDate' | 'pausedSince' | 'pausedKind' | 'pausedDays' | 'warning' | 'concludedAt' | 'deliveredAt' | 'delivery' | 'archivedAt' | 'form' | 'holderId' | 'awaitsRegistration'>>;

export interface CaseActionRecord {
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  taskId: string | null;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  channel: string;
  regionCode: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

export interface CaseMaterial {
  key: string;
  name: string;
  required: boolean;
  deferrableUntil: DeferrableUntil | null;
  state: MaterialState;
  licenceId: string | null;
  deferredDue: string | null;
  collectedAt: Date | null;
  note: string;
}

export interface CaseTask {
  id: string;
  caseId: string;
  stageIndex: number;
  stageName: string;
  mode: 'all' | 'any';
  round: number;
  departmentId: string;
  departmentName: string;
  regionPath: string;
  delegated: boolean;
  status: TaskStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  dueDate: string | null;
  opinion: string;
  createdAt: Date;
  doneAt: Date | null;
}

export interface CaseNotice {
  id: string;
  kind: 'acceptance' | 'correction' | 'refusal' | 'deferred';
  content: Record<string, unknown>;
  issuedAt: Date;
}

export interface CaseVisit {
  id: string;
  at: Date;
  reason: 'application' | 'correction' | 'deferred_material' | 'collect_result';
  cause: string | null;
  regionCode: string | null;
  recordedBy: string | null;
}

export interface CaseNotification {
  kind: string;
  occasion: string;
  recipient: string;
  message: string;
  createdAt: Date;
}

export interface Filing {
  id: string;
  caseId: string;
  caseNo: string;
  itemName: string;
  applicantName: string;
  outcome: string | null;
  departmentId: string;
  fromRegionCode: string;
  fromRegionName: string;
  filedAt: Date;
  dueDate: string;
  receivedAt: Date | null;
  receivedBy: string | null;
  sampled: boolean;
  verdict: 'correct' | 'incorrect' | null;
  verdictNote: string;
  reviewedAt: Date | null;
  reviewedBy: string | null;
}

/** Who may see which cases: one entry per grant that lets its holder look at cases. */
export interface CaseScope {
  regionPath: string;
  /** `null`: every department; otherwise the case's own department or a task of it. */
  departmentId: string | null;
}

export interface CaseSearch {
  scopes: readonly CaseScope[] | 'all';
  caseNo?: string;
  applicantIds?: readonly string[];
  phone?: string;
  itemCode?: string;
  status?: readonly CaseStatus[];
  warning?: 'yellow' | 'red';
  topLevelOnly?: boolean;
  limit: number;
  offset: number;
}

export interface CaseSummary {
  id: string;
  caseNo: string;
  parentId: string | null;
  bundleCode: string | null;
  itemCode: string;
  itemName: string;
  departmentName: string;
  regionCode: string;
  applicantName: string;
  applicantRef: string;
  status: CaseStatus;
  outcome: 'approved' | 'rejected' | null;
  caseKind: 'instant' | 'promised';
  receivedAt: Date;
  dueDate: string | null;
  warning: 'none' | 'yellow' | 'red';
  visits: number;
  channel: string;
}

export interface InboxEntry extends CaseSummary {
  taskId: string;
  stageName: string;
  taskStatus: TaskStatus;
  taskDueDate: string | null;
  assigneeName: string | null;
  taskDepartmentName: string;
  delegated: boolean;
  pausedKind: string | null;
}

type CaseRow = Record<string, any>;

function toCase(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    caseNo: r.case_no,
    parentId: r.parent_id,
    bundleCode: r.bundle_code,
    itemVersionId: r.item_version_id,
    itemCode: r.item_code,
    itemName: r.item_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    regionCode: r.region_code,
    regionPath: r.region_path,
    applicantId: r.applicant_id,
    applicantName: r.applicant_name,
    applicantRef: r.applicant_ref,
    applicantPhone: r.applicant_phone,
    scenario: r.scenario,
    channel: r.channel,
    viaAgent: r.via_agent,
    status: r.status,
    outcome: r.outcome,
    outcomeReason: r.outcome_reason,
    caseKind: r.case_kind,
    limitDays: r.limit_days,
    limitUnit: r.limit_unit,
    delegated: r.delegated,
    form: r.form,
    querySecret: r.query_secret,
    receivedAt: r.received_at,
    acceptedOn: r.accepted_on,
    dueDate: r.due_date,
    pausedSince: r.paused_since,
    pausedKind: r.paused_kind,
    pausedDays: r.paused_days,
    warning: r.warning,
    concludedAt: r.concluded_at,
    deliveredAt: r.delivered_at,
    delivery: r.delivery,
    archivedAt: r.archived_at,
    visits: r.visits,
    createdBy: r.created_by,
    holderId: r.holder_id ?? null,
    awaitsRegistration: r.awaits_registration ?? false,
  };
}

function toAction(r: CaseRow): CaseActionRecord {
  return {
    seq: r.seq, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, taskId: r.task_id, actorKind: r.actor_kind, actorId: r.actor_id, actorName: r.actor_name,
    channel: r.channel, regionCode: r.region_code, at: r.at, payload: r.payload,
  };
}

function toMaterial(r: CaseRow): CaseMaterial {
  return {
    key: r.key, name: r.name, required: r.required, deferrableUntil: r.deferrable_until as DeferrableUntil | null, state: r.state as MaterialState, licenceId: r.licence_id,
    deferredDue: r.deferred_due, collectedAt: r.collected_at, note: r.note,
  };
}

function toSummary(r: CaseRow): CaseSummary {
  return {
    id: r.id,
    caseNo: r.case_no,
    parentId: r.parent_id,
    bundleCode: r.bundle_code,
    itemCode: r.item_code,
    itemName: r.item_name,
    departmentName: r.department_name,
    regionCode: r.region_code,
    applicantName: r.applicant_name,
    applicantRef: r.applicant_ref,
    status: r.status,
    outcome: r.outcome,
    caseKind: r.case_kind,
    receivedAt: r.received_at,
    dueDate: r.due_date,
    warning: r.warning,
    visits: r.visits,
    channel: r.channel,
  };
}

function toTask(r: CaseRow): CaseTask {
  return {
    id: r.id,
    caseId: r.case_id,
    stageIndex: r.stage_index,
    stageName: r.stage_name,
    mode: r.mode,
    round: r.round,
    departmentId: r.department_id,
    departmentName: r.department_name,
    regionPath: r.region_path,
    delegated: r.delegated,
    status: r.status,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    dueDate: r.due_date,
    opinion: r.opinion,
    createdAt: r.created_at,
    doneAt: r.done_at,
  };
}

const summaryColumns = [
  'c.id', 'c.case_no', 'c.parent_id', 'c.bundle_code', 'c.item_code', 'c.item_name', 'd.name as department_name', 'c.region_code', 'c.applicant_name', 'c.applicant_ref',
  'c.status', 'c.outcome', 'c.case_kind', 'c.received_at', 'c.due_date', 'c.warning', 'c.visits', 'c.channel',
] as const;

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
      .with('c', (db) => db
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
        })
        .returningAll())
      .selectFrom('c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .selectAll('c')
      .select('d.name as department_name')
      .executeTakeFirstOrThrow();
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
      status: 'status', outcome: 'outcome', outcomeReason: 'outcome_reason', acceptedOn: 'accepted_on', dueDate: 'due_date', pausedSince: 'paused_since', pausedKind: 'paused_kind',
      pausedDays: 'paused_days', warning: 'warning', concludedAt: 'concluded_at', deliveredAt: 'delivered_at', delivery: 'delivery', archivedAt: 'archived_at', form: 'form', holderId: 'holder_id', awaitsRegistration: 'awaits_registration',
    };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const column = columns[key as keyof CasePatch];
      set[column] = (key === 'delivery' || key === 'form') && value !== null ? JSON.stringify(value) : value;
    }
    await this.db.updateTable('cases').set(set).where('id', '=', id).execute();
  }

  /** Appends one action to the case's log; its sequence number comes from the (locked) case row. */
  async appendAction(caseId: string, action: Omit<CaseActionRecord, 'seq'>): Promise<number> {
    const { action_seq: seq } = await this.db
      .updateTable('cases')
      .set((eb) => ({ action_seq: eb('action_seq', '+', 1) }))
      .where('id', '=', caseId)
      .returning('action_seq')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('case_actions')
      .values({
        case_id: caseId,
        seq,
        action: action.action,
        from_status: action.fromStatus,
        to_status: action.toStatus,
        task_id: action.taskId,
        actor_kind: action.actorKind,
        actor_id: action.actorId,
        actor_name: action.actorName,
        channel: action.channel,
        region_code: action.regionCode,
        at: action.at,
        payload: JSON.stringify(action.payload),
      })
      .execute();
    return seq;
  }

  /**
   * Writes the first actions of a case inserted with `actionSeq` equal to their number (the intake
   * writes its log in one go); returns them as `listActions` reads them.
   */
  async insertActions(caseId: string, actions: readonly CaseActionRecord[]): Promise<CaseActionRecord[]> {
    if (actions.length === 0) return [];
    const rows = await this.db
      .insertInto('case_actions')
      .values(actions.map((a) => ({
        case_id: caseId, seq: a.seq, action: a.action, from_status: a.fromStatus, to_status: a.toStatus, task_id: a.taskId, actor_kind: a.actorKind, actor_id: a.actorId,
        actor_name: a.actorName, channel: a.channel, region_code: a.regionCode, at: a.at, payload: JSON.stringify(a.payload),
      })))
      .returningAll()
      .execute();
    return rows.map(toAction).sort((a, b) => a.seq - b.seq);
  }

  async listActions(caseId: string): Promise<CaseActionRecord[]> {
    const rows = await this.db.selectFrom('case_actions').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
    return rows.map(toAction);
  }

  async upsertMaterials(caseId: string, materials: readonly Omit<CaseMaterial, 'collectedAt'>[]): Promise<void> {
    if (materials.length === 0) return;
    await this.db
      .insertInto('case_materials')
      .values(materials.map((m) => ({
        case_id: caseId, key: m.key, name: m.name, required: m.required, deferrable_until: m.deferrableUntil, state: m.state, licence_id: m.licenceId, deferred_due: m.deferredDue, note: m.note,
      })))
      .onConflict((oc) => oc.columns(['case_id', 'key']).doUpdateSet((eb) => ({
        state: eb.ref('excluded.state'), licence_id: eb.ref('excluded.licence_id'), deferred_due: eb.ref('excluded.deferred_due'), note: eb.ref('excluded.note'),
      })))
      .execute();
  }

  /** The materials of a new case, returned in `listMaterials` order, in one statement. */
  async insertMaterials(caseId: string, materials: readonly Omit<CaseMaterial, 'collectedAt'>[]): Promise<CaseMaterial[]> {
    if (materials.length === 0) return [];
    const rows = await this.db
      .with('m', (db) => db
        .insertInto('case_materials')
        .values(materials.map((m) => ({
          case_id: caseId, key: m.key, name: m.name, required: m.required, deferrable_until: m.deferrableUntil, state: m.state, licence_id: m.licenceId, deferred_due: m.deferredDue, note: m.note,
        })))
        .returningAll())
      .selectFrom('m')
      .selectAll()
      .orderBy('required', 'desc')
      .orderBy('key')
      .execute();
    return rows.map(toMaterial);
  }

  async listMaterials(caseId: string): Promise<CaseMaterial[]> {
    const rows = await this.db.selectFrom('case_materials').selectAll().where('case_id', '=', caseId).orderBy('required', 'desc').orderBy('key').execute();
    return rows.map(toMaterial);
  }

  async collectMaterial(caseId: string, key: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('case_materials')
      .set({ state: 'provided', collected_at: at })
      .where('case_id', '=', caseId)
      .where('key', '=', key)
      .where('state', '=', 'deferred')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Opens tasks; returns them as `listTasks` reads them (with their department names), in one statement. */
  async insertTasks(tasks: readonly { caseId: string; stageIndex: number; stageName: string; mode: 'all' | 'any'; round: number; departmentId: string; regionPath: string; delegated: boolean; dueDate: string | null; at: Date }[]): Promise<CaseTask[]> {
    if (tasks.length === 0) return [];
    const rows = await this.db
      .with('t', (db) => db
        .insertInto('case_tasks')
        .values(tasks.map((t) => ({
          case_id: t.caseId, stage_index: t.stageIndex, stage_name: t.stageName, mode: t.mode, round: t.round, department_id: t.departmentId, region_path: t.regionPath,
          delegated: t.delegated, status: 'pending', due_date: t.dueDate, created_at: t.at,
        })))
        .returningAll())
      .selectFrom('t')
      .innerJoin('departments as d', 'd.id', 't.department_id')
      .selectAll('t')
      .select('d.name as department_name')
      .orderBy('t.created_at')
      .orderBy('t.stage_index')
      .orderBy('d.name')
      .execute();
    return rows.map(toTask);
  }

  private taskQuery() {
    return this.db.selectFrom('case_tasks as t').innerJoin('departments as d', 'd.id', 't.department_id').selectAll('t').select('d.name as department_name');
  }

  async listTasks(caseId: string): Promise<CaseTask[]> {
    const rows = await this.taskQuery().where('t.case_id', '=', caseId).orderBy('t.created_at').orderBy('t.stage_index').orderBy('d.name').execute();
    return rows.map(toTask);
  }

  async findTask(id: string): Promise<CaseTask | undefined> {
    const row = await this.taskQuery().where('t.id', '=', id).executeTakeFirst();
    return row && toTask(row);
  }

  async updateTask(id: string, patch: { status?: TaskStatus; assigneeId?: string | null; assigneeName?: string | null; opinion?: string; doneAt?: Date | null }): Promise<void> {
    const set: Record<string, unknown> = {};
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;
    if (patch.assigneeName !== undefined) set.assignee_name = patch.assigneeName;
    if (patch.opinion !== undefined) set.opinion = patch.opinion;
    if (patch.doneAt !== undefined) set.done_at = patch.doneAt;
    await this.db.updateTable('case_tasks').set(set).where('id', '=', id).execute();
  }

  /** Closes every open task of a case (or of one stage) with `status`. */
  async closeOpenTasks(caseId: string, status: TaskStatus, at: Date, stageIndex?: number): Promise<void> {
    let query = this.db.updateTable('case_tasks').set({ status, done_at: at }).where('case_id', '=', caseId).where('status', 'in', ['pending', 'claimed']);
    if (stageIndex !== undefined) query = query.where('stage_index', '=', stageIndex);
    await query.execute();
  }

  /** Moves the due dates of a case's open tasks (after a pause). */
  async setOpenTaskDueDates(caseId: string, dueDates: ReadonlyMap<string, string>): Promise<void> {
    for (const [id, due] of dueDates) await this.db.updateTable('case_tasks').set({ due_date: due }).where('id', '=', id).where('case_id', '=', caseId).execute();
  }

  async insertNotice(caseId: string, kind: CaseNotice['kind'], content: Record<string, unknown>, at: Date): Promise<string> {
    const row = await this.db.insertInto('case_notices').values({ case_id: caseId, kind, content: JSON.stringify(content), issued_at: at }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** Several notices at once, returned in the order given. */
  async insertNotices(caseId: string, notices: readonly { kind: CaseNotice['kind']; content: Record<string, unknown> }[], at: Date): Promise<CaseNotice[]> {
    if (notices.length === 0) return [];
    const rows = await this.db
      .insertInto('case_notices')
      .values(notices.map((n) => ({ case_id: caseId, kind: n.kind, content: JSON.stringify(n.content), issued_at: at })))
      .returningAll()
      .execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind as CaseNotice['kind'], content: r.content, issuedAt: r.issued_at }));
  }

  async listNotices(caseId: string): Promise<CaseNotice[]> {
    const rows = await this.db.selectFrom('case_notices').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind as CaseNotice['kind'], content: r.content, issuedAt: r.issued_at }));
  }

  /**
   * Records one in-person visit and counts it on the case. A trip is one day: a second appearance
   * for the same case on the same day (bringing a material and collecting the result at once) is
   * the same trip and is not counted again. Returns whether a new trip was counted.
   */
  async insertVisit(caseId: string, visit: Omit<CaseVisit, 'id'>, day: { from: Date; to: Date }): Promise<boolean> {
    const same = await this.db.selectFrom('case_visits').select('id').where('case_id', '=', caseId).where('at', '>=', day.from).where('at', '<', day.to).executeTakeFirst();
    if (same) return false;
    await this.db.insertInto('case_visits').values({ case_id: caseId, at: visit.at, reason: visit.reason, cause: visit.cause, region_code: visit.regionCode, recorded_by: visit.recordedBy }).execute();
    await this.db.updateTable('cases').set((eb) => ({ visits: eb('visits', '+', 1) })).where('id', '=', caseId).execute();
    return true;
  }

  /**
   * The first visit of a case inserted with `visits: 1` (the intake at the window): only the ledger
   * row, there is no earlier one the same day to merge with.
   */
  async insertFirstVisit(caseId: string, visit: Omit<CaseVisit, 'id'>): Promise<CaseVisit> {
    const r = await this.db
      .insertInto('case_visits')
      .values({ case_id: caseId, at: visit.at, reason: visit.reason, cause: visit.cause, region_code: visit.regionCode, recorded_by: visit.recordedBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: r.id, at: r.at, reason: r.reason as CaseVisit['reason'], cause: r.cause, regionCode: r.region_code, recordedBy: r.recorded_by };
  }

  async listVisits(caseId: string): Promise<CaseVisit[]> {
    const rows = await this.db.selectFrom('case_visits').selectAll().where('case_id', '=', caseId).orderBy('at').execute();
    return rows.map((r) => ({ id: r.id, at: r.at, reason: r.reason as CaseVisit['reason'], cause: r.cause, regionCode: r.region_code, recordedBy: r.recorded_by }));
  }

  /** Records a notification once: returns false when (case, kind, occasion) was already sent. */
  async notifyOnce(caseId: string, n: Omit<CaseNotification, 'createdAt'>, at: Date): Promise<boolean> {
    const rows = await this.db
      .insertInto('case_notifications')
      .values({ case_id: caseId, kind: n.kind, occasion: n.occasion, recipient: n.recipient, message: n.message, created_at: at })
      .onConflict((oc) => oc.columns(['case_id', 'kind', 'occasion']).doNothing())
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  async listNotifications(caseId: string): Promise<CaseNotification[]> {
    const rows = await this.db.selectFrom('case_notifications').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
    return rows.map((r) => ({ kind: r.kind, occasion: r.occasion, recipient: r.recipient, message: r.message, createdAt: r.created_at }));
  }

  private scoped(scopes: readonly CaseScope[] | 'all') {
    return (eb: any): Expression<SqlBool> => {
      if (scopes === 'all') return sql<boolean>`true`;
      if (scopes.length === 0) return sql<boolean>`false`;
      return eb.or(scopes.map((s) => {
        const inRegion = eb.or([eb('c.region_path', '=', s.regionPath), eb('c.region_path', 'like', `${s.regionPath}.%`)]);
        if (s.departmentId === null) return inRegion;
        return eb.and([inRegion, eb.or([
          eb('c.department_id', '=', s.departmentId),
          eb.exists(eb.selectFrom('case_tasks as st').select('st.id').whereRef('st.case_id', '=', 'c.id').where('st.department_id', '=', s.departmentId)),
        ])]);
      }));
    };
  }

  async search(search: CaseSearch): Promise<{ total: number; cases: CaseSummary[] }> {
    let query = this.db.selectFrom('cases as c').innerJoin('departments as d', 'd.id', 'c.department_id').where(this.scoped(search.scopes));
    if (search.caseNo) query = query.where('c.case_no', 'like', `${search.caseNo.replace(/[%_\\]/g, '')}%`);
    if (search.applicantIds) query = search.applicantIds.length > 0 ? query.where('c.applicant_id', 'in', [...search.applicantIds]) : query.where(sql<boolean>`false`);
    if (search.phone) query = query.where('c.applicant_phone', '=', search.phone);
    if (search.itemCode) query = query.where('c.item_code', '=', search.itemCode);
    if (search.status && search.status.length > 0) query = query.where('c.status', 'in', [...search.status]);
    if (search.warning) query = query.where('c.warning', '=', search.warning);
    if (search.topLevelOnly) query = query.where('c.parent_id', 'is', null);
    const [count, rows] = await Promise.all([
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      query.select([...summaryColumns]).orderBy('c.received_at', 'desc').orderBy('c.case_no', 'desc').limit(search.limit).offset(search.offset).execute(),
    ]);
    return { total: Number(count.n), cases: rows.map(toSummary) };
  }

  /**
   * A department's open tasks in the region subtree, soonest due first: the back-office inbox. For
   * delegated cases the town approver's inbox is the region's (any department).
   */
  async inbox(scopes: readonly CaseScope[], options: { delegated: boolean; limit: number }): Promise<InboxEntry[]> {
    if (scopes.length === 0) return [];
    const rows = await this.db
      .selectFrom('case_tasks as t')
      .innerJoin('cases as c', 'c.id', 't.case_id')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .innerJoin('departments as td', 'td.id', 't.department_id')
      .where('t.status', 'in', ['pending', 'claimed'])
      .where('t.delegated', '=', options.delegated)
      .where((eb) => eb.or(scopes.map((s) => {
        const inRegion = eb.or([eb('t.region_path', '=', s.regionPath), eb('t.region_path', 'like', `${s.regionPath}.%`)]);
        return s.departmentId === null ? inRegion : eb.and([inRegion, eb('t.department_id', '=', s.departmentId)]);
      })))
      .select([...summaryColumns, 't.id as task_id', 't.stage_name', 't.status as task_status', 't.due_date as task_due_date', 't.assignee_name', 'td.name as task_department_name', 't.delegated', 'c.paused_kind'])
      .orderBy(sql`t.due_date NULLS LAST`)
      .orderBy('c.received_at')
      .limit(options.limit)
      .execute();
    return rows.map((r) => ({
      ...toSummary(r), taskId: r.task_id, stageName: r.stage_name, taskStatus: r.task_status as TaskStatus, taskDueDate: r.task_due_date, assigneeName: r.assignee_name,
      taskDepartmentName: r.task_department_name, delegated: r.delegated, pausedKind: r.paused_kind,
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

  /** Licences issued for a case (and, for a bundle, for its child cases). */
  async licencesOfCase(caseId: string, withChildren: boolean): Promise<{ identifier: string; licenceType: string; status: string }[]> {
    let query = this.db.selectFrom('licences as l').select(['l.number as identifier', 'l.licence_type as licenceType', 'l.status']);
    query = withChildren
      ? query.where((eb) => eb.or([eb('l.case_id', '=', caseId), eb('l.case_id', 'in', eb.selectFrom('cases').select('id').where('parent_id', '=', caseId))]))
      : query.where('l.case_id', '=', caseId);
    return query.orderBy('l.number').execute();
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

  async updateWarning(id: string, warning: 'none' | 'yellow' | 'red'): Promise<void> {
    await this.db.updateTable('cases').set({ warning }).where('id', '=', id).execute();
  }

  async insertFiling(input: { caseId: string; departmentId: string; fromRegionCode: string; dueDate: string; sampled: boolean; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('filings')
      .values({ case_id: input.caseId, department_id: input.departmentId, from_region_code: input.fromRegionCode, filed_at: input.at, due_date: input.dueDate, sampled: input.sampled })
      .returning('id')
      .executeTakeFirstOrThrow();
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
  async listFilings(scopes: readonly CaseScope[] | 'all', options: { sampledOnly?: boolean; limit: number }): Promise<Filing[]> {
    let query = this.filingQuery();
    if (scopes !== 'all') {
      query = scopes.length === 0 ? query.where(sql<boolean>`false`) : query.where((eb) => eb.or(scopes.map((s) => {
        const inRegion = eb.or([eb('r.path', '=', s.regionPath), eb('r.path', 'like', `${s.regionPath}.%`)]);
        return s.departmentId === null ? inRegion : eb.and([inRegion, eb('f.department_id', '=', s.departmentId)]);
      })));
    }
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
    await this.db.updateTable('filings').set(set).where('id', '=', id).execute();
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

  /** Replaces a case's (sealed) query password. */
  async setQuerySecret(id: string, sealed: string, at: Date): Promise<void> {
    await this.db.updateTable('cases').set({ query_secret: sealed, updated_at: at }).where('id', '=', id).execute();
  }
}

function toFiling(r: CaseRow): Filing {
  return {
    id: r.id, caseId: r.case_id, caseNo: r.case_no, itemName: r.item_name, applicantName: r.applicant_name, outcome: r.outcome, departmentId: r.department_id,
    fromRegionCode: r.from_region_code, fromRegionName: r.from_region_name, filedAt: r.filed_at, dueDate: r.due_date, receivedAt: r.received_at, receivedBy: r.received_by,
    sampled: r.sampled, verdict: r.verdict, verdictNote: r.verdict_note, reviewedAt: r.reviewed_at, reviewedBy: r.reviewed_by,
  };
}
