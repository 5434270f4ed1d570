/** The audit log (/api/audit). */
import { z } from 'zod';
import { timestamp } from './common.ts';

export const auditQuery = z.strictObject({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(80).optional(),
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
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  payload: z.unknown(),
  regionPath: z.string().nullable().describe('region of the record the row is about; null: platform-wide'),
  departmentId: z.string().nullable(),
  hash: z.string(),
});
