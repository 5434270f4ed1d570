/** zod shapes of the catalog's content, from the code sets in src/domain/catalog.ts. */
import { z } from 'zod';
import {
  caseKinds, channels, dayUnits, deferrableUntil, formFieldTypes, itemTypes, exerciseLevels, materialSources, profileFields, resultKinds, serviceObjects, tongbanScopes,
  type ItemType, type ExerciseLevel,
} from '../../domain/catalog.ts';

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
  processSteps: z.array(z.strictObject({ name: text(100).min(1), description: text(2000), days, actor: text(100), departments: z.array(text(100).min(1)).max(10).optional(), mode: z.enum(['all', 'any']).optional() })).max(30),
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
  resultReplaces: z.boolean().optional().describe('变更: the result replaces the holder\'s licence of that type in force'),
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
  itemCodes: z.array(z.string().regex(/^[0-9A-Za-z-]{4,64}$/)).min(2).max(30),
  promisedDays: days,
  leadDepartmentName: text(100).min(1),
});

export const licenceTypeSchema = z.strictObject({
  code: z.string().trim().regex(/^[0-9A-Za-z]{21}$/).describe('defining authority USCC (18) + 3-digit type number, e.g. 11100000000013338W011'),
  name: z.string().trim().min(1).max(100),
  authorityName: z.string().trim().min(1).max(100).describe('定义机构 the authority that defines the type'),
  validityYears: z.number().int().min(1).max(100).nullable().describe('years a licence of the type is valid; null = 长期'),
});

export const itemSummarySchema = z.object({
  implementationCode: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  caseKind: z.string(),
  visitsRequired: z.number(),
  channels: z.array(z.string()),
  serviceObjects: z.array(z.string()),
  version: z.number(),
  status: z.string(),
  draftVersion: z.number().nullable().optional(),
});

export const itemVersionSchema = z.object({
  implementationCode: z.string(),
  version: z.number(),
  status: z.string(),
  departmentId: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  // Same shape as the request body of PUT /api/items/{code}/draft; not re-validated on the way out.
  content: z.record(z.string(), z.unknown()),
});
