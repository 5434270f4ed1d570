import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import { apiKeySchema, createApiKeyBody, createdApiKeySchema, toApiKey } from '../contracts/api-keys.ts';

export function registerApiKeyRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/api-keys', { config: { access: { permission: 'apikey.manage' } }, schema: { tags: ['api keys'], summary: 'API 密钥列表 API keys', response: { 200: z.array(apiKeySchema) } } }, async (request) =>
    (await services.apiKeys.list(request.actor!)).map(toApiKey),
  );

  api.post(
    '/api/api-keys',
    {
      config: { access: { permission: 'apikey.manage' } },
      schema: {
        tags: ['api keys'],
        summary: '签发 API 密钥 Issue an API key (shown once)',
        body: createApiKeyBody,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) => {
      const created = await services.apiKeys.create(writeOptions(request), request.body);
      return reply.status(201).send({ key: created.key, apiKey: toApiKey(created.apiKey) });
    },
  );

  api.delete('/api/api-keys/:id', { config: { access: { permission: 'apikey.manage' } }, schema: { tags: ['api keys'], summary: '吊销 API 密钥 Revoke an API key', params: uuidParam, response: { 200: apiKeySchema } } }, async (request) =>
    toApiKey(await services.apiKeys.revoke(writeOptions(request), request.params.id)),
  );
}
