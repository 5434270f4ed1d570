import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { auditQuery, auditRowSchema } from '../contracts/audit.ts';

export function registerAuditRoutes(app: FastifyInstance, services: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit log, newest first, filtered by person, object and day',
        querystring: auditQuery,
        response: { 200: z.array(auditRowSchema) },
      },
    },
    async (request) =>
      (await services.audit.recent(request.actor!, request.query)).map((row) => ({
        seq: row.seq,
        at: row.at,
        actorKind: row.actorKind,
        actorId: row.actorId,
        actorName: row.actorName,
        action: row.action,
        actionLabel: row.actionLabel,
        entityType: row.entityType,
        entityLabel: row.entityLabel,
        entityId: row.entityId,
        subject: row.subject,
        summary: row.summary,
        payload: row.payload,
        regionPath: row.regionPath ?? null,
        departmentId: row.departmentId ?? null,
        hash: row.hash,
      })),
  );
}
