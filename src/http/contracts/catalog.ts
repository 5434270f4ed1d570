/**
 * The catalog (/api/items, /api/bundles, /api/licence-types, /api/files, /api/admin/catalog): the
 * zod shapes of its content, from the code sets in src/domain/catalog.ts (also how
 * src/cli/demo-catalog.ts reads demo-data/*.json), and the shapes the routes answer with.
 */
import { z } from 'zod';
import {
  caseKinds,
  channels,
  dayUnits,
  deferrableUntil,
  formFieldTypes,
  itemTypes,
  exerciseLevels,
  materialSources,
  profileFields,
  resultKinds,
  serviceObjects,
  tongbanScopes,
  type BundleContent,
  type CaseKind,
  type Channel,
  type FormField,
  type ItemType,
  type ExerciseLevel,
  type ServiceItemContent,
  type ServiceObject,
} from '../../domain/catalog.ts';
import type { MergedMaterial } from '../../domain/bundle.ts';
import type { Bundle, ItemSummary, ItemVersion } from '../../repositories/catalog.repository.ts';
import { timestamp } from './common.ts';

const text = (max: number) => z.string().trim().max(max);
const days = z.number().int().min(0).max(3650);

export const formFieldSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]{1,64}$/),
  label: text(100).min(1),
  type: z.enum(formFieldTypes),
  required: z.boolean(),
  options: z.array(text(100)).max(50).optional(),
  profileField: z.enum(profileFields).optional(),
});

export const materialSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]{1,64}$/),
  name: text(200).min(1),
  scenarios: z.array(z.string().max(64)).max(50),
  required: z.boolean(),
  deferrable: z.boolean(),
  deferrableUntil: z.enum(deferrableUntil).nullable(),
  originals: z.number().int().min(0).max(99),
  copies: z.number().int().min(0).max(99),
  source: z.enum(materialSources),
  licenceType: text(100).nullable(),
  notes: text(2000),
  templateFileId: z.uuid().nullable().optional(),
  sampleFileId: z.uuid().nullable().optional(),
});

export const itemContentSchema = z.strictObject({
  name: text(200).min(1),
  aliases: z.array(text(100).min(1)).max(30),
  basicCode: text(64),
  implementationCode: z.string().regex(/^[0-9A-Za-z-]{4,64}$/),
  itemType: z.enum(Object.keys(itemTypes) as [ItemType, ...ItemType[]]),
  exerciseLevel: z.enum(Object.keys(exerciseLevels) as [ExerciseLevel, ...ExerciseLevel[]]),
  departmentName: text(100).min(1),
  legalBasis: text(5000),
  conditions: text(5000),
  processSteps: z
    .array(
      z.strictObject({
        name: text(100).min(1),
        description: text(2000),
        days,
        actor: text(100),
        departments: z.array(text(100).min(1)).max(10).optional(),
        mode: z.enum(['all', 'any']).optional(),
        publicityDays: z.number().int().min(1).max(90).optional().describe('公示期(自然日), not part of the working-day limit'),
      }),
    )
    .max(30),
  statutoryDays: days,
  statutoryUnit: z.enum(dayUnits),
  promisedDays: days,
  promisedUnit: z.enum(dayUnits),
  caseKind: z.enum(caseKinds),
  visitsRequired: z.union([z.literal(0), z.literal(1)]),
  visitReason: text(500),
  onlineDepth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  channels: z.array(z.enum(channels)).max(5),
  fees: z.array(z.strictObject({ name: text(100).min(1), amount: text(100), basis: text(500) })).max(20),
  resultName: text(200),
  resultLicenceType: text(100).optional().describe('证照类型名称 (catalog licence type) of an e-licence result'),
  resultReplaces: z.boolean().optional().describe("变更: the result replaces the holder's licence of that type in force"),
  resultKind: z.enum(resultKinds),
  serviceObjects: z.array(z.enum(serviceObjects)).max(2),
  tongbanScope: z.enum(tongbanScopes),
  location: text(500),
  hours: text(200),
  phone: text(100),
  faq: z.array(z.strictObject({ question: text(500).min(1), answer: text(2000) })).max(30),
  scenarios: z.array(z.strictObject({ code: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/), name: text(100).min(1), description: text(1000) })).max(30),
  materials: z.array(materialSchema).max(100),
  formFields: z.array(formFieldSchema).max(100),
  delegatedToTowns: z.boolean(),
});

export const bundleContentSchema = z.strictObject({
  code: z.string().regex(/^[0-9A-Za-z-]{2,64}$/),
  name: text(200).min(1),
  aliases: z.array(text(100).min(1)).max(30),
  description: text(5000),
  itemCodes: z
    .array(z.string().regex(/^[0-9A-Za-z-]{4,64}$/))
    .min(2)
    .max(30),
  promisedDays: days,
  leadDepartmentName: text(100).min(1),
});

export const licenceTypeSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{21}$/)
    .describe('defining authority USCC (18) + 3-digit type number, e.g. 11100000000013338W011'),
  name: z.string().trim().min(1).max(100),
  authorityName: z.string().trim().min(1).max(100).describe('定义机构 the authority that defines the type'),
  validityYears: z.number().int().min(1).max(100).nullable().describe('years a licence of the type is valid; null = 长期'),
});

// ---- Responses ----------------------------------------------------------------------------------

/**
 * Content that was checked when it was stored (an item's or bundle's content, a merged form): the
 * wire shape is the domain type, but it is not checked again on the way out, since a version saved
 * under older limits must still be shown. Documented (and passed on) as an object.
 */
function stored<T extends object>(): z.ZodType<T, T> {
  return z.record(z.string(), z.unknown()) as unknown as z.ZodType<T, T>;
}

export const versionStatuses = ['draft', 'published', 'superseded'] as const;
export const bundleStatuses = ['draft', 'published', 'retired'] as const;

export const codeParam = z.strictObject({ code: z.string().regex(/^[0-9A-Za-z-]{2,64}$/) });

export const itemSummarySchema = z.object({
  implementationCode: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  caseKind: z.enum(caseKinds),
  visitsRequired: z.union([z.literal(0), z.literal(1)]),
  channels: z.array(z.enum(channels)),
  serviceObjects: z.array(z.enum(serviceObjects)),
  version: z.number(),
  status: z.enum(versionStatuses).describe('an admin list shows the published version, or the draft when the item was never published'),
});

/** A row of 事项管理: the published version, or the draft of a never-published item, and the open draft's number. */
export const adminItemSummarySchema = itemSummarySchema.extend({ draftVersion: z.number().nullable().describe('the number of the open draft, if any') });

/**
 * The repository reads the summary's codes as text; they were checked against the code sets when
 * the content was saved, and the response encoder checks them again on the way out.
 */
export const toItemSummary = <T extends ItemSummary>(s: T): T & z.output<typeof itemSummarySchema> => ({
  ...s,
  caseKind: s.caseKind as CaseKind,
  visitsRequired: s.visitsRequired as 0 | 1,
  channels: s.channels as Channel[],
  serviceObjects: s.serviceObjects as ServiceObject[],
});

export const itemSearchQuery = z.strictObject({
  q: z.string().max(100).optional(),
  departmentId: z.uuid().optional(),
  serviceObject: z.enum(serviceObjects).optional(),
  channel: z.enum(channels).optional(),
  zeroVisit: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const itemVersionSchema = z.object({
  implementationCode: z.string(),
  version: z.number(),
  status: z.enum(versionStatuses),
  departmentId: z.string(),
  createdAt: timestamp,
  publishedAt: timestamp.nullable(),
  // Same shape as the request body of PUT /api/items/{code}/draft; not re-validated on the way out.
  content: stored<ServiceItemContent>(),
});

export const toVersion = (v: ItemVersion): z.output<typeof itemVersionSchema> => ({
  implementationCode: v.implementationCode,
  version: v.version,
  status: v.status,
  departmentId: v.departmentId,
  createdAt: v.createdAt,
  publishedAt: v.publishedAt,
  content: v.content,
});

export const itemVersionInfoSchema = itemVersionSchema.pick({ version: true, status: true, createdAt: true, publishedAt: true });

export const versionParams = z.strictObject({ code: codeParam.shape.code, version: z.coerce.number().int().min(1).max(2_147_483_647) }); // the column is an integer

export const bundleSchema = z.object({ code: z.string(), status: z.enum(bundleStatuses), leadDepartmentId: z.string(), updatedAt: timestamp, content: stored<BundleContent>() });

export const toBundle = (b: Bundle): z.output<typeof bundleSchema> => ({ code: b.code, status: b.status, leadDepartmentId: b.leadDepartmentId, updatedAt: b.updatedAt, content: b.content });

/** Items (a page) and, on the first page of an unfiltered search, the matching 一件事 bundles, each with its score (`orderHits` merges them). */
export const itemSearchResultSchema = z.object({
  total: z.number(),
  items: z.array(itemSummarySchema.extend({ rank: z.number() })),
  bundles: z.array(bundleSchema.extend({ rank: z.number() })),
});

export const saveBundleBody = z.strictObject({ content: bundleContentSchema, status: z.enum(bundleStatuses) });

const mergedField = stored<FormField & { neededBy: string[] }>();
const mergedMaterial = stored<MergedMaterial>();

/** `GET /api/bundles/:code`: the bundle, its published members and their merged form and materials. */
export const bundleViewSchema = z.object({
  bundle: bundleSchema,
  members: z.array(itemVersionSchema),
  missing: z.array(z.string()).describe('member codes with no published version'),
  merged: z.object({
    formFields: z.array(mergedField),
    materials: z.array(mergedMaterial),
    separately: z.object({ formFields: z.number(), materials: z.number() }),
    saved: z.object({ formFields: z.number(), materials: z.number() }),
    registration: z
      .object({ implementationCode: z.string(), name: z.string(), licenceType: z.string(), kind: z.string() })
      .nullable()
      .describe('the member whose approval registers the new subject (设立登记) and assigns its USCC; null when the bundle creates none'),
    produced: z.object({ formFields: z.array(mergedField), materials: z.array(mergedMaterial) }).describe('what the registration produces for the other members (the USCC, the 营业执照): not asked of the applicant'),
  }),
});

export const saveLicenceTypesBody = z.array(licenceTypeSchema).min(1).max(500);
export const savedLicenceTypesSchema = z.strictObject({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const storedFileSchema = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });

export const catalogImportResultSchema = z.object({ published: z.number(), unchanged: z.number(), bundles: z.number() });
