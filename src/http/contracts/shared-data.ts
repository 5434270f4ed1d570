/** The shared-data API (/api/shared, API keys only) and its administration (scopes, the read log). */
import { z } from 'zod';
import { defaultRatePerMinute, maxRatePerMinute, sharedFieldNames, sharedFields } from '../../domain/shared-data.ts';
import type { SharedReadRow } from '../../repositories/shared-data.repository.ts';
import { timestamp } from './common.ts';

const label = z.object({ zh: z.string(), en: z.string() });

export const sharedFieldCatalogSchema = z.array(z.object({ field: z.enum(sharedFieldNames), section: z.enum(['case', 'applicant', 'licence']), label }));

export const sharedFieldCatalog = (): z.output<typeof sharedFieldCatalogSchema> => sharedFieldNames.map((field) => ({ field, section: field.split('.')[0] as 'case' | 'applicant' | 'licence', label: sharedFields[field] }));

/** What a shared read may send: the reason is required (checked by the service, so its refusal is bilingual), the reference optional. */
export const sharedReadHeaders = z.object({
  'x-request-reason': z.string().optional().describe('查询事由 Why the data is read, 4–200 characters (percent-encode non-ASCII text); required'),
  'x-request-ref': z.string().optional().describe('The caller’s own reference (their file or case number), at most 100 characters'),
});

const text = z.string().nullable();

/** Every field optional: a response holds only the fields the key's scope lists. */
export const sharedCaseSection = z
  .object({
    caseNo: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    status: z.string(),
    decision: text,
    concludedAt: text,
    departmentName: z.string(),
    regionCode: z.string(),
  })
  .partial();

export const sharedApplicantSection = z.object({ name: z.string(), idNumberMasked: text, idNumber: text, phoneMasked: z.string() }).partial();

export const sharedLicenceSection = z
  .object({
    identifier: z.string(),
    type: z.string(),
    holder: z.string(),
    holderRef: text,
    issuer: z.string(),
    issuedAt: z.string(),
    validUntil: text,
    status: z.string(),
  })
  .partial();

export const sharedCaseResultSchema = z.object({ case: sharedCaseSection.optional(), applicant: sharedApplicantSection.optional(), licences: z.array(sharedLicenceSection).optional() });
export const sharedLicenceResultSchema = z.object({ licence: sharedLicenceSection, case: sharedCaseSection.optional() });
export const sharedPersonLicencesSchema = z.object({ licences: z.array(sharedLicenceSection) });
export const sharedResultsSchema = z.object({ items: z.array(sharedCaseResultSchema), nextCursor: z.string().nullable() });

export const caseNoParam = z.strictObject({ caseNo: z.string().trim().min(1).max(40) });
export const identifierParam = z.strictObject({ identifier: z.string().trim().min(1).max(120) });
export const personLicencesQuery = z.strictObject({ idNumber: z.string().trim().min(1).max(30) });
const itemCode = z.string().trim().min(1).max(60);
export const sharedResultsQuery = z.strictObject({
  itemCode,
  since: timestamp,
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const apiKeyScopeBody = z.strictObject({
  itemCodes: z.array(itemCode).max(200),
  fields: z.array(z.enum(sharedFieldNames)).max(sharedFieldNames.length),
  ratePerMinute: z.number().int().min(1).max(maxRatePerMinute).default(defaultRatePerMinute),
  expiresAt: timestamp.nullable().default(null),
});

export const sharedReadsQuery = z.strictObject({
  apiKeyId: z.uuid().optional(),
  subject: z.string().trim().max(120).optional().describe('a case number, licence identifier, item code or resident ID (looked for by its fingerprint)'),
  itemCode: itemCode.optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  before: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const sharedReadSchema = z.object({
  id: z.string(),
  apiKeyId: z.string(),
  apiKeyName: z.string(),
  route: z.string(),
  subjectKind: z.enum(['case', 'licence', 'person', 'results']),
  /** A person's subject is the masked ID: the fingerprint the log keeps means nothing to a reader. */
  subject: z.string(),
  itemCodes: z.array(z.string()),
  fields: z.array(z.string()),
  returned: z.array(z.string()),
  resultCount: z.number(),
  reason: z.string(),
  requestRef: z.string(),
  requestId: z.string(),
  at: timestamp,
});

export const sharedReadsSchema = z.object({ rows: z.array(sharedReadSchema), nextBefore: z.string().nullable() });

export const toSharedRead = (r: SharedReadRow): z.output<typeof sharedReadSchema> => ({
  id: r.id,
  apiKeyId: r.apiKeyId,
  apiKeyName: r.apiKeyName,
  route: r.route,
  subjectKind: r.subjectKind as 'case' | 'licence' | 'person' | 'results',
  subject: r.subjectKind === 'person' ? r.subjectLabel : r.subject,
  itemCodes: r.itemCodes,
  fields: r.fields,
  returned: r.returned,
  resultCount: r.resultCount,
  reason: r.reason,
  requestRef: r.requestRef,
  requestId: r.requestId,
  at: r.at,
});
