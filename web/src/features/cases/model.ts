/**
 * Cases as the API sends them (办件, 待办, 出件, 备案; dates arrive as ISO strings), the calls that
 * read and change them, and the one search box's rule for telling what was typed into it.
 * The shapes are the wire side (`z.input`) of the HTTP contract in src/http/contracts/cases.ts,
 * which the server serialises by: a field changed there fails the typecheck here. That module is
 * imported for its types only, so no zod code reaches the bundle. The rules themselves (which
 * actions exist, their labels) come from src/domain.
 *
 * @example
 * const view = await new Action().send<CaseView>('POST', caseActionPath(id), { action: 'accept' });
 */
import type { z } from 'zod';
import type { CaseAction, CaseStatus } from '../../../../src/domain/case-lifecycle.ts';
import { visitCauses, type MaterialState, type TaskAction, type TaskStatus, type VisitCause } from '../../../../src/domain/case-process.ts';
import type { WarningLevel } from '../../../../src/domain/case-clock.ts';
import { isValidResidentId } from '../../../../src/domain/resident-id.ts';
import { isValidUscc } from '../../../../src/domain/uscc.ts';
import type * as contract from '../../../../src/http/contracts/cases.ts';
import { api, request, type Action } from '../../api.ts';

export type { CaseAction, CaseStatus, MaterialState, TaskAction, TaskStatus, VisitCause, WarningLevel };
export { visitCauses };

/** One row of 办件查询 (`POST /api/cases/search`), of 统一出件 and a bundle's children. */
export type CaseSummary = z.input<typeof contract.caseSummary>;
/** One open department task of `GET /api/inbox`, with its case. */
export type InboxEntry = z.input<typeof contract.inboxEntry>;
export type CaseMaterial = z.input<typeof contract.caseMaterial>;
export type CaseTask = z.input<typeof contract.caseTask>;
/** One entry of the case's append-only action log (the timeline). */
export type CaseActionRecord = z.input<typeof contract.caseActionRecord>;
export type CaseNotice = z.input<typeof contract.caseNotice>;
export type CaseVisit = z.input<typeof contract.caseVisit>;
export type CaseNotification = z.input<typeof contract.caseNotification>;
export type Filing = z.input<typeof contract.filing>;
export type CaseDelivery = z.input<typeof contract.caseDelivery>;
/** `GET /api/cases/:id` and the answer of every case write: the case, everything about it, and what the one asking may do now. */
export type CaseView = z.input<typeof contract.caseView>;
export type ExpressDetails = z.input<typeof contract.expressDetails>;
/** The body of `POST /api/cases/:id/actions`, one shape per action. */
export type CaseActionInput = z.input<typeof contract.caseActionBody>;
/** The body of `POST /api/cases/:id/tasks/:taskId/actions`. */
export type TaskActionInput = z.input<typeof contract.taskActionBody>;
export type CaseSearchQuery = z.input<typeof contract.caseSearchBody>;
export type CaseSearchResult = z.input<typeof contract.caseSearchResult>;
export type QueryPasswordReset = z.input<typeof contract.queryPasswordReset>;
/** One of the staff a task may be assigned to (`GET …/tasks/:taskId/assignees`). */
export type Assignee = z.input<typeof contract.assignee>;
/** `GET/PUT /api/departments/:id/file-review-policy`. */
export type SamplePolicy = z.input<typeof contract.samplePolicy>;

export type Outcome = NonNullable<CaseView['outcome']>;
export type DeliveryMethod = contract.DeliveryMethod;
/** The contract's list, written again here because the contract module is not bundled (only its types are read). */
export const deliveryMethods: readonly DeliveryMethod[] = ['window', 'express', 'e_licence', 'online', 'agent'];
export type NoticeKind = CaseNotice['kind'];
export type VisitReason = CaseVisit['reason'];

// ---- Addresses -----------------------------------------------------------------------------------

export const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;
/** The printable notice of a case (built by the documents feature). */
export const printPath = (id: string, kind: NoticeKind | 'receipt') => `/cases/${encodeURIComponent(id)}/print/${kind}`;
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
  resetQueryPassword: (action: Action, id: string) => action.send<QueryPasswordReset>('POST', `${caseApiPath(id)}/query-password`, {}),
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
