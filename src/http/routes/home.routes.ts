import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { homeSchema } from '../contracts/home.ts';

export function registerHomeRoutes(app: FastifyInstance, services: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/home', { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['home'], summary: '工作台 The signed-in person’s queues, warnings, hall and rates', response: { 200: homeSchema } } }, async (request) =>
      services.home.summary(request.actor!),
    );
}
