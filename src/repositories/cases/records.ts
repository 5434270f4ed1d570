/**
 * Cases and what hangs off them, as the case repositories read and write them: the case row (the
 * current state the service keeps in step with the action log, in the same transaction), the
 * action log, materials, department tasks, notices, the visit ledger, notifications and filings.
 */
import { carriesWarning, type CaseStatus } from '../../domain/case-lifecycle.ts';
import type { MaterialState, TaskStatus } from '../../domain/case-process.ts';
import type { DayUnit, DeferrableUntil } from '../../domain/catalog.ts';

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
  /** The 代办服务委托书 a proxy agent applied under (帮办代办), if any. */
  agentAuthorisationId: string | null;
  /** How the applicant asked for the result online (express with the address, e-licence, window); absent or null at the window (0018). */
  deliveryChoice?: Record<string, unknown> | null;
}

export type NewCase = Omit<
  CaseRecord,
  | 'id'
  | 'receivedAt'
  | 'departmentName'
  | 'acceptedOn'
  | 'dueDate'
  | 'pausedSince'
  | 'pausedKind'
  | 'pausedDays'
  | 'warning'
  | 'concludedAt'
  | 'deliveredAt'
  | 'delivery'
  | 'archivedAt'
  | 'visits'
  | 'outcome'
  | 'outcomeReason'
  | 'holderId'
  | 'awaitsRegistration'
  | 'agentAuthorisationId'
> & {
  at: Date;
  awaitsRegistration?: boolean;
  agentAuthorisationId?: string | null;
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

export type CasePatch = Partial<
  Pick<
    CaseRecord,
    'status' | 'outcome' | 'outcomeReason' | 'acceptedOn' | 'dueDate' | 'pausedSince' | 'pausedKind' | 'pausedDays' | 'warning' | 'concludedAt' | 'deliveredAt' | 'delivery' | 'archivedAt' | 'form' | 'holderId' | 'awaitsRegistration'
  >
> & {
  /** Days the case took, set with its conclusion (the supervision averages). */
  workingDaysUsed?: number | null;
};

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
  /** Only cases received through these channels (the online pre-review: `web`, `mobile`). */
  channels?: readonly string[];
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

// biome-ignore lint/suspicious/noExplicitAny: a row as selected, columns mapped field by field below
export type CaseRow = Record<string, any>;

export function toCase(r: CaseRow): CaseRecord {
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
    // A decided (or otherwise ended) case carries no clock warning, whatever a sweep left on its row.
    warning: carriesWarning(r.status) ? r.warning : 'none',
    concludedAt: r.concluded_at,
    deliveredAt: r.delivered_at,
    delivery: r.delivery,
    archivedAt: r.archived_at,
    visits: r.visits,
    createdBy: r.created_by,
    holderId: r.holder_id ?? null,
    awaitsRegistration: r.awaits_registration ?? false,
    agentAuthorisationId: r.agent_authorisation_id ?? null,
    deliveryChoice: r.delivery_choice ?? null,
  };
}

export function toAction(r: CaseRow): CaseActionRecord {
  return {
    seq: r.seq,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    taskId: r.task_id,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorName: r.actor_name,
    channel: r.channel,
    regionCode: r.region_code,
    at: r.at,
    payload: r.payload,
  };
}

export function toMaterial(r: CaseRow): CaseMaterial {
  return {
    key: r.key,
    name: r.name,
    required: r.required,
    deferrableUntil: r.deferrable_until as DeferrableUntil | null,
    state: r.state as MaterialState,
    licenceId: r.licence_id,
    deferredDue: r.deferred_due,
    collectedAt: r.collected_at,
    note: r.note,
  };
}

export function toSummary(r: CaseRow): CaseSummary {
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
    // A decided (or otherwise ended) case carries no clock warning, whatever a sweep left on its row.
    warning: carriesWarning(r.status) ? r.warning : 'none',
    visits: r.visits,
    channel: r.channel,
  };
}

export function toTask(r: CaseRow): CaseTask {
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

export const summaryColumns = [
  'c.id',
  'c.case_no',
  'c.parent_id',
  'c.bundle_code',
  'c.item_code',
  'c.item_name',
  'd.name as department_name',
  'c.region_code',
  'c.applicant_name',
  'c.applicant_ref',
  'c.status',
  'c.outcome',
  'c.case_kind',
  'c.received_at',
  'c.due_date',
  'c.warning',
  'c.visits',
  'c.channel',
] as const;

export function toFiling(r: CaseRow): Filing {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    itemName: r.item_name,
    applicantName: r.applicant_name,
    outcome: r.outcome,
    departmentId: r.department_id,
    fromRegionCode: r.from_region_code,
    fromRegionName: r.from_region_name,
    filedAt: r.filed_at,
    dueDate: r.due_date,
    receivedAt: r.received_at,
    receivedBy: r.received_by,
    sampled: r.sampled,
    verdict: r.verdict,
    verdictNote: r.verdict_note,
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
  };
}
