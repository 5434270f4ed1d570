/**
 * Cases as the API sends them (办件, 待办, 出件, 备案; dates arrive as ISO strings), the calls that
 * read and change them, and the one search box's rule for telling what was typed into it.
 * The rules themselves (which actions exist, their labels) come from src/domain.
 *
 * @example
 * const view = await new Action().send<CaseView>('POST', caseActionPath(id), { action: 'accept' });
 */
import type { CaseAction, CaseStatus } from '../../../../src/domain/case-lifecycle.ts';
import { visitCauses, type MaterialMark, type MaterialState, type TaskAction, type TaskStatus, type VisitCause } from '../../../../src/domain/case-process.ts';
import type { WarningLevel } from '../../../../src/domain/case-clock.ts';
import type { DeferrableUntil } from '../../../../src/domain/catalog.ts';
import { isValidResidentId } from '../../../../src/domain/resident-id.ts';
import { isValidUscc } from '../../../../src/domain/uscc.ts';
import { api, request, type Action } from '../../api.ts';

export type { CaseAction, CaseStatus, MaterialState, TaskAction, TaskStatus, VisitCause, WarningLevel };
export { visitCauses };

export type Outcome = 'approved' | 'rejected';
export type DeliveryMethod = 'window' | 'express' | 'e_licence' | 'online';
export const deliveryMethods: readonly DeliveryMethod[] = ['window', 'express', 'e_licence', 'online'];
export type NoticeKind = 'acceptance' | 'correction' | 'refusal' | 'deferred';
export type VisitReason = 'application' | 'correction' | 'deferred_material' | 'collect_result';

/** One row of 办件查询 (`POST /api/cases/search`), of 统一出件 and a bundle's children. */
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
  /** Masked resident ID or the USCC. */
  applicantRef: string;
  status: CaseStatus;
  outcome: Outcome | null;
  caseKind: 'instant' | 'promised';
  receivedAt: string;
  dueDate: string | null;
  warning: WarningLevel;
  visits: number;
  channel: string;
}

/** One open department task of `GET /api/inbox`, with its case. */
export interface InboxEntry extends CaseSummary {
  taskId: string;
  stageName: string;
  taskStatus: TaskStatus;
  taskDueDate: string | null;
  assigneeName: string | null;
  taskDepartmentName: string;
  delegated: boolean;
  pausedKind: 'correction' | 'special' | null;
}

export interface CaseMaterial {
  key: string;
  name: string;
  required: boolean;
  deferrableUntil: DeferrableUntil | null;
  state: MaterialState;
  licenceId: string | null;
  deferredDue: string | null;
  collectedAt: string | null;
  note: string;
}

export interface CaseTask {
  id: string;
  stageIndex: number;
  stageName: string;
  mode: 'all' | 'any';
  round: number;
  departmentId: string;
  departmentName: string;
  delegated: boolean;
  status: TaskStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  dueDate: string | null;
  opinion: string;
  createdAt: string;
  doneAt: string | null;
  /** What the one asking may do with this task now: exactly these buttons. */
  actions: TaskAction[];
}

/** One entry of the case's append-only action log (the timeline). */
export interface CaseActionRecord {
  seq: number;
  /** A case action (`accept`), a task action (`task.claim`), or a platform step (`receive`, `clock.red`). */
  action: string;
  fromStatus: string | null;
  toStatus: string;
  taskId: string | null;
  actorKind: string;
  actorName: string;
  channel: string;
  at: string;
  payload: Record<string, unknown>;
}

export interface CaseNotice {
  id: string;
  kind: NoticeKind;
  content: Record<string, unknown>;
  issuedAt: string;
}

export interface CaseVisit {
  id: string;
  at: string;
  reason: VisitReason;
  cause: string | null;
  regionCode: string | null;
}

export interface CaseNotification {
  kind: string;
  occasion: string;
  recipient: string;
  message: string;
  createdAt: string;
}

export interface Filing {
  id: string;
  caseId: string;
  caseNo: string;
  itemName: string;
  applicantName: string;
  outcome: Outcome | null;
  departmentId: string;
  fromRegionCode: string;
  fromRegionName: string;
  filedAt: string;
  dueDate: string;
  receivedAt: string | null;
  receivedBy: string | null;
  sampled: boolean;
  verdict: 'correct' | 'incorrect' | null;
  verdictNote: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

export interface CaseDelivery {
  method?: DeliveryMethod;
  express?: { company: string; trackingNo: string; address: string };
  licences?: string[];
  by?: string;
}

/** `GET /api/cases/:id`: the case, everything about it, and what the one asking may do now. */
export interface CaseView {
  id: string;
  caseNo: string;
  parentId: string | null;
  bundleCode: string | null;
  itemCode: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  regionCode: string;
  applicantName: string;
  applicantRef: string;
  scenario: string | null;
  channel: string;
  viaAgent: boolean;
  status: CaseStatus;
  outcome: Outcome | null;
  outcomeReason: string;
  caseKind: 'instant' | 'promised';
  limitDays: number;
  limitUnit: 'working' | 'natural';
  delegated: boolean;
  form: Record<string, unknown>;
  /** The organisation its 一件事 registered (设立登记), which holds the results; null otherwise. */
  holderId?: string | null;
  /** A child that needs the business its 一件事 is registering, before that registration is approved. */
  awaitsRegistration?: boolean;
  receivedAt: string;
  acceptedOn: string | null;
  dueDate: string | null;
  pausedSince: string | null;
  pausedKind: 'correction' | 'special' | null;
  pausedDays: number;
  warning: WarningLevel;
  concludedAt: string | null;
  deliveredAt: string | null;
  delivery: CaseDelivery | null;
  archivedAt: string | null;
  visits: number;
  materials: CaseMaterial[];
  tasks: CaseTask[];
  actions: CaseActionRecord[];
  notices: CaseNotice[];
  visitLog: CaseVisit[];
  notifications: CaseNotification[];
  children: CaseSummary[];
  licences: { identifier: string; licenceType: string; status: string }[];
  filing: Filing | null;
  /**
   * The case actions the one asking may take now, from the transition table: show exactly these
   * (`collect_material` as a button per deferred material, the others in the action bar).
   */
  available: CaseAction[];
  /** The applicant's query password, for staff who print notices; otherwise null. */
  queryPassword: string | null;
}

export interface ExpressDetails {
  company: string;
  trackingNo: string;
  address: string;
}

/** The body of `POST /api/cases/:id/actions`, one shape per action. */
export type CaseActionInput =
  | { action: 'accept' }
  | { action: 'request_correction'; note?: string }
  | { action: 'resubmit'; materials: MaterialMark[]; inPerson?: boolean; cause?: VisitCause }
  | { action: 'refuse'; reason: string; legalBasis: string }
  | { action: 'decide_on_spot'; opinion?: string }
  | { action: 'reject_on_spot'; reason: string }
  | { action: 'resume'; inPerson?: boolean; note?: string }
  | { action: 'withdraw'; reason: string }
  | { action: 'terminate'; reason: string }
  | { action: 'collect_material'; key: string; inPerson?: boolean }
  | { action: 'deliver'; method: DeliveryMethod; express?: ExpressDetails }
  | { action: 'archive' };

/** The body of `POST /api/cases/:id/tasks/:taskId/actions`. */
export interface TaskActionInput {
  action: TaskAction;
  opinion?: string;
  assigneeId?: string;
  /** For `suspend`: the special procedure (听证, 专家评审, 现场核查, 公示…). */
  procedure?: string;
}

export interface CaseSearchQuery {
  caseNo?: string;
  idNumber?: string;
  uscc?: string;
  phone?: string;
  itemCode?: string;
  status?: CaseStatus[];
  warning?: 'yellow' | 'red';
  limit: number;
  offset: number;
}

export interface CaseSearchResult {
  total: number;
  cases: CaseSummary[];
}

// ---- Addresses -----------------------------------------------------------------------------------

export const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;
/** The printable notice of a case (built by the documents feature). */
export const printPath = (id: string, kind: NoticeKind) => `/cases/${encodeURIComponent(id)}/print/${kind}`;
export const caseApiPath = (id: string) => `/api/cases/${encodeURIComponent(id)}`;
export const caseActionPath = (id: string) => `/api/cases/${encodeURIComponent(id)}/actions`;
export const taskActionPath = (caseId: string, taskId: string) => `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}/actions`;

// ---- Calls ---------------------------------------------------------------------------------------

export const casesApi = {
  view: (id: string, signal?: AbortSignal) => api.get<CaseView>(caseApiPath(id), { signal }),
  /** A POST so that ID numbers never appear in an address; it changes nothing, so no retry key is kept. */
  search: (query: CaseSearchQuery, signal?: AbortSignal) => request<CaseSearchResult>('POST', '/api/cases/search', { body: query, signal }),
  act: (action: Action, id: string, input: CaseActionInput) => action.send<CaseView>('POST', caseActionPath(id), input),
  actOnTask: (action: Action, caseId: string, taskId: string, input: TaskActionInput) => action.send<CaseView>('POST', taskActionPath(caseId, taskId), input),
  /** A new query password (shown once; `null` on a replay) that also unlocks the public progress query. */
  resetQueryPassword: (action: Action, id: string) =>
    action.send<{ caseId: string; caseNo: string; queryPassword: string | null }>('POST', `${caseApiPath(id)}/query-password`, {}),
};

// ---- The one search box --------------------------------------------------------------------------

export type CaseQueryKind = 'caseNo' | 'idNumber' | 'uscc' | 'phone';

export type ClassifiedQuery = { kind: CaseQueryKind; value: string } | { kind: 'unknown'; value: string } | { kind: 'empty' };

/**
 * What the one search box holds, judged by its shape: an 18-character resident ID or USCC (told
 * apart by their check characters), a mobile or landline number, or (a prefix of) a case number.
 *
 * @example
 * classifyQuery('13800138000'); // { kind: 'phone', value: '13800138000' }
 */
export function classifyQuery(raw: string): ClassifiedQuery {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (value === '') return { kind: 'empty' };
  if (/^1\d{10}$/.test(value)) return { kind: 'phone', value };
  if (/^0\d{2,3}-?\d{7,8}$/.test(value)) return { kind: 'phone', value };
  if (value.length === 18) {
    if (isValidResidentId(value)) return { kind: 'idNumber', value };
    if (isValidUscc(value)) return { kind: 'uscc', value };
  }
  // Case numbers are 20 digits or more (region, date, sequence), a bundle's children add "-01".
  if (/^\d{6,}(-\d{0,2})?$/.test(value) && value.length !== 18) return { kind: 'caseNo', value };
  return { kind: 'unknown', value };
}
