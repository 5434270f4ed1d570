import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DatabaseKind } from '../../db/database.ts';
import type { Services } from '../../main.ts';
import { healthSchema } from '../contracts/health.ts';

export function registerHealthRoutes(app: FastifyInstance, options: { services: Services; databaseKind: DatabaseKind; version: string }): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: '健康检查 Health check',
        response: { 200: healthSchema },
      },
    },
    async () => {
      await options.services.health.ping();
      return { status: 'ok' as const, database: options.databaseKind, version: options.version };
    },
  );
}
