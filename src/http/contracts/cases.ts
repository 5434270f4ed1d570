/**
 * The HTTP contract of cases (办件, 待办, 出件, 进度查询, 备案, 时限检查), written once: the request
 * bodies the routes validate and the responses they serialise by (src/http/routes/case.routes.ts),
 * and the types the web app reads them with (`z.input<typeof …>`: the wire shape, dates as ISO
 * strings). A field changed here changes both sides, so a side that does not follow fails the
 * typecheck: the server's handlers must return `z.output` (dates as `Date`), the web reads `z.input`.
 *
 * The web imports this module with `import type` only, so no zod code reaches its bundle.
 */
import { z } from 'zod';
import { caseActions, caseStatuses, type CaseAction } from '../../domain/case-lifecycle.ts';
import { materialStates, taskActions, taskStatuses, visitCauses, type TaskAction } from '../../domain/case-process.ts';
import { caseKinds, channels, dayUnits, deferrableUntil } from '../../domain/catalog.ts';
import { citizenDeliveryMethods, citizenStepKinds } from '../../domain/citizen-progress.ts';
import { calendarDate, distinct, timestamp } from './common.ts';

// ---- Building blocks -------------------------------------------------------------------------------

/** A calendar day `YYYY-MM-DD` as the server keeps it (date columns stay text, no time zone shift). */
const day = z.string().describe('YYYY-MM-DD');

const text = (max: number) => z.string().trim().max(max);
const materialKey = z.string().regex(/^[a-z0-9_]{1,64}$/);
const outcome = z.enum(['approved', 'rejected']);
const warning = z.enum(['none', 'yellow', 'red']);
const pausedKind = z.enum(['correction', 'special']);

export const deliveryMethods = ['window', 'express', 'e_licence', 'online', 'agent'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];
export const noticeKinds = ['acceptance', 'correction', 'refusal', 'deferred'] as const;
export const visitReasons = ['application', 'correction', 'deferred_material', 'collect_result'] as const;

const caseActionNames = Object.keys(caseActions) as [CaseAction, ...CaseAction[]];
const taskActionNames = Object.keys(taskActions) as [TaskAction, ...TaskAction[]];

// ---- Requests --------------------------------------------------------------------------------------

/** How each material of the application was found (提交, 证照库, 共享数据, 容缺, 缺): one mark per material. */
export const materialMarks = distinct(
  z
    .array(
      z.strictObject({
        key: materialKey,
        state: z.enum(materialStates),
        deferredDue: calendarDate.nullable().optional(),
        licenceId: z.uuid().nullable().optional(),
      }),
    )
    .max(200),
  { zh: '材料', en: 'material' },
  (mark) => mark.key,
);

export const expressDetails = z.strictObject({ company: text(50).min(1), trackingNo: text(50).min(1), address: text(300).min(1) });

/** `POST /api/cases`: receive an application and accept it, issue its one correction notice, refuse it, or only submit it. */
export const intakeBody = z.strictObject({
  itemCode: z.string().trim().max(64).optional(),
  bundleCode: z.string().trim().max(64).optional(),
  scenario: z.string().trim().max(64).nullable().optional(),
  applicantId: z.uuid(),
  channel: z.enum(channels).default('window'),
  regionCode: z
    .string()
    .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
    .optional(),
  form: z.record(z.string().max(64), z.string().max(2000)).optional(),
  materials: materialMarks,
  decision: z.enum(['accept', 'correction', 'refuse', 'submit']),
  refusal: z.strictObject({ reason: text(1000).min(1), legalBasis: text(1000).min(1) }).optional(),
  /** A proxy agent applies under the applicant's 代办服务委托书. */
  authorisationId: z.uuid().optional(),
});

/** `POST /api/cases/search` (a POST so that resident ID numbers never appear in URLs). */
export const caseSearchBody = z.strictObject({
  caseNo: z.string().trim().max(40).optional(),
  idNumber: z.string().trim().max(18).optional(),
  uscc: z.string().trim().max(18).optional(),
  phone: z.string().trim().max(20).optional(),
  itemCode: z.string().trim().max(64).optional(),
  status: z.array(z.enum(caseStatuses)).max(12).optional(),
  warning: z.enum(['yellow', 'red']).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(100_000).default(0),
});

/** `POST /api/cases/:id/actions`: one shape per case action. */
export const caseActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('request_correction'), materials: materialMarks.optional(), note: text(500).optional() }),
  z.strictObject({ action: z.literal('resubmit'), materials: materialMarks, inPerson: z.boolean().optional(), cause: z.enum(visitCauses).optional() }),
  z.strictObject({ action: z.literal('refuse'), reason: text(1000).min(1), legalBasis: text(1000).min(1) }),
  z.strictObject({ action: z.literal('decide_on_spot'), opinion: text(1000).optional() }),
  z.strictObject({ action: z.literal('reject_on_spot'), reason: text(1000).min(1) }),
  z.strictObject({ action: z.literal('resume'), inPerson: z.boolean().optional(), note: text(500).optional() }),
  z.strictObject({ action: z.literal('withdraw'), reason: text(500).min(1) }),
  z.strictObject({ action: z.literal('terminate'), reason: text(500).min(1) }),
  z.strictObject({ action: z.literal('collect_material'), key: materialKey, inPerson: z.boolean().optional() }),
  z.strictObject({ action: z.literal('deliver'), method: z.enum(deliveryMethods), express: expressDetails.optional() }),
  z.strictObject({ action: z.literal('archive') }),
]);

export const taskParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), taskId: z.uuid({ error: 'must be a UUID' }) });

/** `POST /api/cases/:id/tasks/:taskId/actions`. */
export const taskActionBody = z.strictObject({
  action: z.enum(taskActionNames),
  opinion: text(2000).optional(),
  assigneeId: z.uuid().optional(),
  /** For `suspend`: what the special procedure is (听证, 专家评审, 现场核查, 公示...). */
  procedure: text(100).optional(),
});

/** `POST /api/public/cases/query`: the case number and query password printed on the acceptance notice. */
export const publicQueryBody = z.strictObject({ caseNo: z.string().trim().min(1).max(40), password: z.string().trim().min(1).max(20) });

export const filingsQuery = z.strictObject({ sampled: z.enum(['true', 'false']).optional() });
export const filingReviewBody = z.strictObject({ verdict: z.enum(['correct', 'incorrect']), note: text(2000).default('') });
export const samplePercentBody = z.strictObject({ samplePercent: z.number().int().min(0).max(100) });
export const emptyBody = z.strictObject({});

// ---- Responses -------------------------------------------------------------------------------------

/** One row of 办件查询, of 统一出件 and a bundle's children. */
export const caseSummary = z.object({
  id: z.string(),
  caseNo: z.string(),
  parentId: z.string().nullable(),
  bundleCode: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  departmentName: z.string(),
  regionCode: z.string(),
  applicantName: z.string(),
  applicantRef: z.string().describe('masked resident ID or the USCC'),
  status: z.enum(caseStatuses),
  outcome: outcome.nullable(),
  caseKind: z.enum(caseKinds),
  receivedAt: timestamp,
  dueDate: day.nullable(),
  warning,
  visits: z.number().int(),
  channel: z.string(),
});

export const caseSearchResult = z.object({ total: z.number().int(), cases: z.array(caseSummary) });

/** One open department task of the inbox, with its case. */
export const inboxEntry = caseSummary.extend({
  taskId: z.string(),
  stageName: z.string(),
  taskStatus: z.enum(taskStatuses),
  taskDueDate: day.nullable(),
  assigneeName: z.string().nullable(),
  taskDepartmentName: z.string(),
  delegated: z.boolean(),
  pausedKind: z.string().nullable().describe('correction | special'),
});

export const caseMaterial = z.object({
  key: z.string(),
  name: z.string(),
  required: z.boolean(),
  deferrableUntil: z.enum(deferrableUntil).nullable(),
  state: z.enum(materialStates),
  licenceId: z.string().nullable(),
  deferredDue: day.nullable(),
  collectedAt: timestamp.nullable(),
  note: z.string(),
});

export const caseTask = z.object({
  id: z.string(),
  caseId: z.string(),
  stageIndex: z.number().int(),
  stageName: z.string(),
  mode: z.enum(['all', 'any']),
  round: z.number().int(),
  departmentId: z.string(),
  departmentName: z.string(),
  regionPath: z.string(),
  delegated: z.boolean(),
  status: z.enum(taskStatuses),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueDate: day.nullable(),
  opinion: z.string(),
  createdAt: timestamp,
  doneAt: timestamp.nullable(),
  actions: z.array(z.enum(taskActionNames)).describe('what the one asking may do with this task now: exactly these buttons'),
});

/** One entry of the case's append-only action log (the timeline). */
export const caseActionRecord = z.object({
  seq: z.number().int(),
  action: z.string().describe('a case action (`accept`), a task action (`task.claim`), or a platform step (`receive`, `clock.red`)'),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  taskId: z.string().nullable(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  channel: z.string(),
  regionCode: z.string().nullable(),
  at: timestamp,
  payload: z.record(z.string(), z.unknown()),
});

export const caseNotice = z.object({
  id: z.string(),
  kind: z.enum(noticeKinds),
  content: z.record(z.string(), z.unknown()).describe('what the notice was written with when it was issued'),
  issuedAt: timestamp,
});

export const caseVisit = z.object({
  id: z.string(),
  at: timestamp,
  reason: z.enum(visitReasons),
  cause: z.string().nullable(),
  regionCode: z.string().nullable(),
  recordedBy: z.string().nullable(),
});

export const caseNotification = z.object({
  kind: z.string(),
  occasion: z.string(),
  recipient: z.string(),
  message: z.string(),
  createdAt: timestamp,
});

export const caseLicence = z.object({ identifier: z.string(), licenceType: z.string(), status: z.string() });

export const filing = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  itemName: z.string(),
  applicantName: z.string(),
  outcome: z.string().nullable().describe('approved | rejected'),
  departmentId: z.string(),
  fromRegionCode: z.string(),
  fromRegionName: z.string(),
  filedAt: timestamp,
  dueDate: day,
  receivedAt: timestamp.nullable(),
  receivedBy: z.string().nullable(),
  sampled: z.boolean(),
  verdict: z.enum(['correct', 'incorrect']).nullable(),
  verdictNote: z.string(),
  reviewedAt: timestamp.nullable(),
  reviewedBy: z.string().nullable(),
});

/**
 * How the result went out, as the deliver action wrote it. Kept open (`looseObject`): it is a JSON
 * column, and what an older delivery wrote is passed on as it is.
 */
export const caseDelivery = z.looseObject({
  method: z.enum(deliveryMethods).optional(),
  express: z.object({ company: z.string(), trackingNo: z.string(), address: z.string() }).optional(),
  licences: z.array(z.string()).optional(),
  by: z.string().optional(),
});

/** `GET /api/cases/:id` and the answer of every case write: the case, everything about it, and what the one asking may do now. */
export const caseView = z.object({
  id: z.string(),
  caseNo: z.string(),
  parentId: z.string().nullable(),
  bundleCode: z.string().nullable(),
  itemVersionId: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  regionCode: z.string(),
  regionPath: z.string(),
  applicantId: z.string(),
  applicantName: z.string(),
  applicantRef: z.string().describe('masked resident ID or the USCC'),
  applicantPhone: z.string(),
  scenario: z.string().nullable(),
  channel: z.string(),
  viaAgent: z.boolean(),
  agentAuthorisationId: z.string().nullable().describe('the 代办服务委托书 a proxy agent applied under'),
  status: z.enum(caseStatuses),
  outcome: outcome.nullable(),
  outcomeReason: z.string(),
  caseKind: z.enum(caseKinds),
  limitDays: z.number().int(),
  limitUnit: z.enum(dayUnits),
  delegated: z.boolean(),
  form: z.record(z.string(), z.unknown()),
  receivedAt: timestamp,
  acceptedOn: day.nullable(),
  dueDate: day.nullable(),
  pausedSince: day.nullable(),
  pausedKind: pausedKind.nullable(),
  pausedDays: z.number().int(),
  warning,
  concludedAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  delivery: caseDelivery.nullable(),
  archivedAt: timestamp.nullable(),
  visits: z.number().int(),
  createdBy: z.string().nullable(),
  holderId: z.string().nullable().describe('the organisation its 一件事 registered (设立登记), which holds the results; null otherwise'),
  awaitsRegistration: z.boolean().describe('a child that needs the business its 一件事 is registering, before that registration is approved'),
  deliveryChoice: z.record(z.string(), z.unknown()).nullable().optional().describe('how the applicant asked for the result online: { method: express, address, recipient, phone } | e_licence | window'),
  materials: z.array(caseMaterial),
  tasks: z.array(caseTask),
  actions: z.array(caseActionRecord),
  notices: z.array(caseNotice),
  visitLog: z.array(caseVisit),
  notifications: z.array(caseNotification),
  children: z.array(caseSummary),
  licences: z.array(caseLicence),
  filing: filing.nullable(),
  available: z.array(z.enum(caseActionNames)).describe('the case actions the one asking may take now (the buttons to show; `collect_material` per deferred material)'),
  queryPassword: z.string().nullable().describe("the applicant's query password, for staff who print notices; otherwise null"),
});

export const assignee = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/** `POST /api/public/cases/query`: what an applicant sees with the case number and the query password. */
export const publicProgress = z.object({
  caseNo: z.string(),
  itemName: z.string(),
  status: z.enum(caseStatuses),
  outcome: z.string().nullable().describe('approved | rejected'),
  receivedAt: timestamp,
  dueDate: day.nullable(),
  steps: z
    .array(
      z.object({
        step: z.enum(citizenStepKinds),
        at: timestamp,
        outcome: outcome.nullable().describe('for `decided`'),
        delivery: z
          .object({ method: z.enum(citizenDeliveryMethods), company: z.string().nullable(), trackingNo: z.string().nullable() })
          .nullable()
          .describe('for `delivered`'),
      }),
    )
    .describe("the case's steps in the applicant's words (src/domain/citizen-progress.ts): never the back office's own steps"),
  collect: z
    .object({ name: z.string(), address: z.string(), phone: z.string(), openingHours: z.string() })
    .nullable()
    .describe('where the decided result waits to be collected (the service center of the region the case was received in); null until then and once delivered'),
  licences: z.array(caseLicence).describe("the case's e-licences (a bundle's: of its children too)"),
});

export const queryPasswordReset = z.object({ caseId: z.string(), caseNo: z.string(), queryPassword: z.string().nullable().describe('null on a replay of the same Idempotency-Key') });

export const samplePolicy = z.object({ departmentId: z.string(), samplePercent: z.number().int() });

export const sweepReport = z.object({
  checked: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  deferredOverdue: z.number().int(),
  filingsOverdue: z.number().int(),
  unknownCalendar: z.number().int().describe('days the calendar does not know yet (cases there are left as they are)'),
  appointmentNoShows: z.number().int(),
  appointmentReminders: z.number().int(),
});
