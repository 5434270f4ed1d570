/** The audit log (/api/audit). */
import { z } from 'zod';
import { calendarDate, timestamp } from './common.ts';

const words = z.object({ zh: z.string(), en: z.string() });

export const auditQuery = z.strictObject({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(80).optional(),
  entity: z.string().max(80).optional().describe('an object by id or by number: a case number, a ticket number, an appointment code'),
  actorId: z.uuid({ error: 'must be a UUID' }).optional().describe('rows of this person (staff) or API key'),
  from: calendarDate.optional().describe('first China day, inclusive'),
  to: calendarDate.optional().describe('last China day, inclusive'),
  beforeSeq: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditRowSchema = z.object({
  seq: z.string(),
  at: timestamp,
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe('the staff member’s or API key’s name'),
  action: z.string(),
  actionLabel: words.describe('the action in words'),
  entityType: z.string(),
  entityLabel: words.describe('the kind of object in words'),
  entityId: z.string(),
  subject: z.string().nullable().describe('the object’s number or name'),
  summary: words.describe('the row as a sentence: action, object, its number and what it is about'),
  payload: z.unknown(),
  regionPath: z.string().nullable().describe('region of the record the row is about; null: platform-wide'),
  departmentId: z.string().nullable(),
  hash: z.string(),
});
