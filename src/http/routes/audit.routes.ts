import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';

const auditRowSchema = z.object({
  seq: z.string(),
  at: z.string(),
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

export function registerAuditRoutes(app: FastifyInstance, services: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit log, newest first',
        querystring: z.strictObject({
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(80).optional(),
          beforeSeq: z.string().regex(/^\d{1,18}$/).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.array(auditRowSchema) },
      },
    },
    async (request) =>
      (await services.audit.recent(request.actor!, request.query)).map((row) => ({
        seq: row.seq,
        at: row.at.toISOString(),
        actorKind: row.actorKind,
        actorId: row.actorId,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        payload: row.payload,
        regionPath: row.regionPath ?? null,
        departmentId: row.departmentId ?? null,
        hash: row.hash,
      })),
  );
}
