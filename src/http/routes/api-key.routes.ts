import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import type { ApiKeyRecord } from '../../repositories/session.repository.ts';
import { writeOptions } from '../access.ts';
import { nameField, uuidParam } from './schemas.ts';

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  departmentId: z.string().nullable(),
  regionCode: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

const toApiKey = (k: ApiKeyRecord) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  departmentId: k.departmentId,
  regionCode: k.regionCode,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

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
        body: z.strictObject({ name: nameField, departmentId: z.uuid().nullable().default(null), regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/) }),
        response: { 201: z.object({ key: z.string().nullable().describe('the key, shown once; null when this is a replay of the request'), apiKey: apiKeySchema }) },
      },
    },
    async (request, reply) => {
      const created = await services.apiKeys.create(writeOptions(request), request.body);
      return reply.status(201).send({ key: created.key, apiKey: toApiKey(created.apiKey) });
    },
  );

  api.delete(
    '/api/api-keys/:id',
    { config: { access: { permission: 'apikey.manage' } }, schema: { tags: ['api keys'], summary: '吊销 API 密钥 Revoke an API key', params: uuidParam, response: { 200: apiKeySchema } } },
    async (request) => toApiKey(await services.apiKeys.revoke(writeOptions(request), request.params.id)),
  );
}
