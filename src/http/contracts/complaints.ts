/** Complaints (12345-style): receive, the loop's actions, lists, the detail with both clocks and its steps, monthly figures. */
import { z } from 'zod';
import { complaintActions, complaintSources, complaintStates } from '../../domain/complaint.ts';
import { complaintCategories, ratingLevels, revisitResults } from '../../domain/rating.ts';
import type { ComplaintFigures, ComplaintView } from '../../services/complaint.service.ts';
import { timestamp } from './common.ts';

const text = (max: number) => z.string().trim().max(max);
const regionCode = z
  .string()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
  .optional();

export const receiveComplaintBody = z.strictObject({
  source: z.enum(['hall', 'hotline', 'rating']),
  category: z.enum(complaintCategories),
  urgent: z.boolean().default(false),
  subject: text(100).min(1),
  content: text(4000).min(1),
  anonymous: z.boolean().default(false),
  complainantName: text(100).default(''),
  complainantPhone: text(20).default(''),
  caseNo: text(40).min(1).optional(),
  ratingId: z.uuid().optional(),
  regionCode,
});

export const onlineComplaintBody = z.strictObject({
  category: z.enum(complaintCategories),
  subject: text(100).min(1),
  content: text(4000).min(1),
  anonymous: z.boolean().default(false),
  caseNo: text(40).min(1).optional(),
  regionCode,
});

export const complaintActionBody = z.strictObject({
  action: z.enum(complaintActions),
  departmentId: z.uuid().optional(),
  reason: text(1000).optional(),
  answer: text(4000).optional(),
  result: z.enum(revisitResults).optional(),
  reopen: z.boolean().optional(),
  satisfaction: z.enum(ratingLevels).optional(),
});

export const complaintRateBody = z.strictObject({ satisfaction: z.enum(ratingLevels) });

export const complaintListQuery = z.strictObject({
  state: z.enum(complaintStates).optional(),
  category: z.enum(complaintCategories).optional(),
  source: z.enum(complaintSources).optional(),
  departmentId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const ownComplaintListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** The month (China time); this month when absent. */
export const complaintFiguresQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
    .optional(),
});

const clockSchema = z.object({
  startedAt: timestamp,
  dueAt: timestamp,
  overdue: z.boolean(),
  workingDaysLeft: z.number().int(),
  workingDaysOverdue: z.number().int(),
  hoursLeft: z.number(),
  tone: z.enum(['ok', 'due_soon', 'overdue', 'done']),
  stoppedAt: timestamp.nullable(),
});

const stepSchema = z.object({
  seq: z.number().int(),
  action: z.string(),
  fromDepartment: z.object({ id: z.string(), name: z.string() }).nullable(),
  toDepartment: z.object({ id: z.string(), name: z.string() }).nullable(),
  actor: z.string(),
  reason: z.string(),
  at: timestamp,
  stepDueAt: timestamp.nullable(),
});

export const complaintSchema = z.object({
  id: z.string(),
  complaintNo: z.string(),
  source: z.enum(complaintSources),
  category: z.enum(complaintCategories),
  urgent: z.boolean(),
  state: z.enum(complaintStates),
  subject: z.string(),
  content: z.string(),
  anonymous: z.boolean(),
  complainantName: z.string().nullable().describe('null when anonymous'),
  complainantPhone: z.string().nullable().describe('null when anonymous; masked except for the receiving and dispatching center'),
  caseNo: z.string().nullable(),
  ratingId: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  receivedBy: z.string().nullable(),
  receivedAt: timestamp,
  whole: clockSchema,
  step: clockSchema.nullable(),
  closedOnTime: z.boolean().nullable(),
  escalationLevel: z.number().int(),
  supervisedCount: z.number().int(),
  answer: z.string(),
  answeredAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  revisitResult: z.enum(revisitResults).nullable(),
  revisitedAt: timestamp.nullable(),
  satisfaction: z.enum(ratingLevels).nullable(),
  ratedAt: timestamp.nullable(),
  possibleActions: z.array(z.enum(complaintActions)),
  steps: z.array(stepSchema).optional(),
});

export const complaintPageSchema = z.object({ items: z.array(complaintSchema), total: z.number().int() });

const figureRow = z.object({ received: z.number().int(), closed: z.number().int(), closedOnTime: z.number().int(), overdue: z.number().int(), averageWorkingDays: z.number().nullable() });
export const complaintFiguresSchema = z.object({
  month: z.string(),
  byCategory: z.array(figureRow.extend({ category: z.enum(complaintCategories) })),
  total: figureRow,
});

export function toComplaintDto(v: ComplaintView): z.output<typeof complaintSchema> {
  const c = v.record;
  return {
    id: c.id,
    complaintNo: c.complaintNo,
    source: c.source,
    category: c.category,
    urgent: c.urgent,
    state: c.state,
    subject: c.subject,
    content: c.content,
    anonymous: c.anonymous,
    complainantName: v.complainantName,
    complainantPhone: v.complainantPhone,
    caseNo: c.caseNo,
    ratingId: c.ratingId,
    regionCode: c.regionCode,
    regionName: c.regionName,
    department: c.departmentId ? { id: c.departmentId, name: c.departmentName ?? '' } : null,
    receivedBy: c.receivedByName,
    receivedAt: c.receivedAt,
    whole: clockDto(v.whole),
    step: v.step ? clockDto(v.step) : null,
    closedOnTime: v.closedOnTime,
    escalationLevel: c.escalationLevel,
    supervisedCount: c.supervisedCount,
    answer: c.answer,
    answeredAt: c.answeredAt ?? null,
    closedAt: c.closedAt ?? null,
    revisitResult: c.revisitResult,
    revisitedAt: c.revisitedAt ?? null,
    satisfaction: c.satisfaction,
    ratedAt: c.ratedAt ?? null,
    possibleActions: v.possibleActions,
    ...(v.steps
      ? {
          steps: v.steps.map((s) => ({
            seq: s.seq,
            action: s.action,
            fromDepartment: s.fromDepartmentId ? { id: s.fromDepartmentId, name: s.fromDepartmentName ?? '' } : null,
            toDepartment: s.toDepartmentId ? { id: s.toDepartmentId, name: s.toDepartmentName ?? '' } : null,
            actor: s.actorLabel,
            reason: s.reason,
            at: s.at,
            stepDueAt: s.stepDueAt ?? null,
          })),
        }
      : {}),
  };
}

function clockDto(c: ComplaintView['whole']) {
  return { ...c };
}

export function toFiguresDto(f: ComplaintFigures): z.output<typeof complaintFiguresSchema> {
  return f;
}
