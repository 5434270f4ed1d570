/**
 * 一网通办 and 网上预审: what an applicant signed in online sends and sees (their drafts, uploads,
 * submission, tracking, results), and the pre-review desk's decisions. Shared with the web app by
 * type-only imports.
 */
import { z } from 'zod';
import { caseActions, caseStatuses } from '../../domain/case-lifecycle.ts';
import { materialStates } from '../../domain/case-process.ts';
import { citizenDeliveryMethods, citizenStepKinds } from '../../domain/citizen-progress.ts';
import { onlineChannels } from '../../domain/online.ts';
import { caseLicence, caseSummary } from './cases.ts';
import { formFieldSchema } from './catalog.ts';
import { timestamp } from './common.ts';

const text = (max: number) => z.string().trim().max(max);
const code = z.string().regex(/^[0-9A-Za-z-]{2,64}$/, { error: 'must be an item or bundle code' });
const materialKey = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be a material key' });
const label = z.object({ zh: z.string(), en: z.string() });
const day = z.string().describe('YYYY-MM-DD');

export const deliveryChoice = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('window') }),
  z.strictObject({ method: z.literal('express'), address: text(300), recipient: text(50), phone: text(20) }),
  z.strictObject({ method: z.literal('e_licence') }),
]);

export const onlineOffer = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), departmentName: z.string(), caseKind: z.enum(['instant', 'promised']), promisedDays: z.number().int(), channels: z.array(z.string()) })),
  bundles: z.array(z.object({ code: z.string(), name: z.string(), itemCodes: z.array(z.string()), promisedDays: z.number().int() })),
});

export const startDraftBody = z.strictObject({
  itemCode: code.optional(),
  bundleCode: code.optional(),
  scenario: z.string().max(64).nullable().optional(),
  channel: z.enum(onlineChannels).optional().describe('web (a computer) or mobile (a phone); mobile when not given'),
});

export const saveDraftBody = z.strictObject({
  form: z.record(z.string().max(64), z.string().max(2000)).optional().describe('the whole form as it stands (fields sent back masked keep their sealed originals)'),
  scenario: z.string().max(64).nullable().optional(),
  delivery: deliveryChoice.nullable().optional(),
});

export const submitBody = z.strictObject({
  deferred: z.array(materialKey).max(50).optional().describe('deferrable (容缺) materials the applicant promises to supply later'),
  delivery: deliveryChoice.optional(),
});

export const withdrawBody = z.strictObject({ reason: text(500).min(1) });

export const onlineCaseParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) });
export const materialParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), key: materialKey });
export const fileParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), fileId: z.uuid({ error: 'must be a UUID' }) });
export const licenceParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), identifier: z.string().regex(/^[0-9A-Za-z.]{10,120}$/, { error: 'must be an e-licence identifier' }) });

export const caseFile = z.object({ id: z.string(), materialKey: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), uploadedAt: timestamp });

export const onlineCaseView = z.object({
  id: z.string(),
  caseNo: z.string().nullable().describe('null while a draft'),
  status: z.enum(caseStatuses),
  statusLabel: label,
  itemCode: z.string(),
  itemName: z.string(),
  bundleCode: z.string().nullable(),
  departmentName: z.string(),
  channel: z.string(),
  scenario: z.string().nullable(),
  outcome: z.enum(['approved', 'rejected']).nullable(),
  outcomeReason: z.string(),
  formFields: z.array(formFieldSchema),
  form: z.record(z.string(), z.string()).describe('resident ID numbers masked'),
  materials: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      required: z.boolean(),
      deferrable: z.boolean(),
      state: z.enum(materialStates),
      source: z.enum(['applicant', 'licence', 'shared_data']),
      deferredDue: day.nullable(),
      notes: z.string(),
      files: z.array(caseFile),
      uploadable: z.boolean(),
    }),
  ),
  deliveryChoice: z.record(z.string(), z.unknown()).nullable(),
  delivery: z.object({ method: z.string(), company: z.string().nullable(), trackingNo: z.string().nullable() }).nullable(),
  steps: z.array(
    z.object({
      step: z.enum(citizenStepKinds),
      at: timestamp,
      outcome: z.enum(['approved', 'rejected']).nullable(),
      delivery: z.object({ method: z.enum(citizenDeliveryMethods), company: z.string().nullable(), trackingNo: z.string().nullable() }).nullable(),
    }),
  ),
  correction: z.object({ missing: z.array(z.object({ key: z.string(), name: z.string() })), note: z.string() }).nullable(),
  refusal: z.object({ reason: z.string(), legalBasis: z.string() }).nullable(),
  licences: z.array(caseLicence),
  available: z.array(z.enum(Object.keys(caseActions) as [keyof typeof caseActions, ...(keyof typeof caseActions)[]])),
  visits: z.number().int(),
  receivedAt: timestamp.nullable(),
  acceptedOn: day.nullable(),
  dueDate: day.nullable(),
  updatedAt: timestamp,
  expiresAt: timestamp.nullable(),
});

export const withdrawResult = z.object({ deleted: z.boolean(), case: onlineCaseView.nullable() });

export const myCase = caseSummary.extend({ updatedAt: timestamp, accountId: z.string().nullable(), statusLabel: label, expiresAt: timestamp.nullable() });

// ---- 网上预审 ----------------------------------------------------------------------------------

export const prereviewBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({
    action: z.literal('request_correction'),
    unfit: z.array(materialKey).max(50).optional().describe('uploaded materials found unfit: the notice asks for them again'),
    note: text(500).optional(),
  }),
  z.strictObject({ action: z.literal('refuse'), reason: text(1000).min(1), legalBasis: text(1000).min(1) }),
]);
