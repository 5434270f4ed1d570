/**
 * 数据共享 (issue 16): /api/shared for other departments' systems (API keys only), each read within
 * the key's scope and logged with its reason; the scope and the read log for administrators.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { reasonHeader, refHeader } from '../../domain/shared-data.ts';
import type { Services } from '../../main.ts';
import type { SharedReadContext } from '../../services/shared-data.service.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import { apiKeySchema, toApiKey } from '../contracts/api-keys.ts';
import {
  apiKeyScopeBody,
  caseNoParam,
  identifierParam,
  personLicencesQuery,
  sharedCaseResultSchema,
  sharedFieldCatalog,
  sharedFieldCatalogSchema,
  sharedLicenceResultSchema,
  sharedPersonLicencesSchema,
  sharedReadHeaders,
  sharedReadsQuery,
  sharedReadsSchema,
  sharedResultsQuery,
  sharedResultsSchema,
  toSharedRead,
} from '../contracts/shared-data.ts';

const shared = { access: { permission: 'shared.read' as const } };

/**
 * The read's reason and reference, and its request id: the caller's `X-Request-Id` when it sends a
 * sensible one, else a fresh one; sent back so both sides can name the read.
 */
function readContext(request: FastifyRequest, reply: FastifyReply): SharedReadContext {
  const sent = request.headers['x-request-id'];
  const requestId = typeof sent === 'string' && /^[A-Za-z0-9_.:-]{8,100}$/.test(sent) ? sent : randomUUID();
  void reply.header('x-request-id', requestId);
  return { reason: request.headers[reasonHeader], ref: request.headers[refHeader], requestId, route: `${request.method} ${request.routeOptions.url}` };
}

export function registerSharedDataRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/shared/cases/:caseNo',
    { config: shared, schema: { tags: ['shared data'], summary: '读取办件结果 Read a case’s result (within the key’s scope)', params: caseNoParam, headers: sharedReadHeaders, response: { 200: sharedCaseResultSchema } } },
    async (request, reply) => services.sharedData.readCase(request.actor!, readContext(request, reply), request.params.caseNo),
  );

  api.get(
    '/api/shared/licences/:identifier',
    { config: shared, schema: { tags: ['shared data'], summary: '读取电子证照 Read an e-licence (within the key’s scope)', params: identifierParam, headers: sharedReadHeaders, response: { 200: sharedLicenceResultSchema } } },
    async (request, reply) => services.sharedData.readLicence(request.actor!, readContext(request, reply), request.params.identifier),
  );

  api.get(
    '/api/shared/persons/licences',
    {
      config: shared,
      schema: { tags: ['shared data'], summary: '按身份证号查询持有的电子证照 A person’s e-licences by resident ID', querystring: personLicencesQuery, headers: sharedReadHeaders, response: { 200: sharedPersonLicencesSchema } },
    },
    async (request, reply) => services.sharedData.personLicences(request.actor!, readContext(request, reply), request.query.idNumber),
  );

  api.get(
    '/api/shared/results',
    { config: shared, schema: { tags: ['shared data'], summary: '按事项读取办结结果 Concluded results of an item since a time (paged)', querystring: sharedResultsQuery, headers: sharedReadHeaders, response: { 200: sharedResultsSchema } } },
    async (request, reply) => services.sharedData.results(request.actor!, readContext(request, reply), request.query),
  );

  api.get(
    '/api/shared/fields',
    { config: { access: { permission: 'directory.read' } }, schema: { tags: ['shared data'], summary: '可共享字段目录 The catalogue of shareable fields', response: { 200: sharedFieldCatalogSchema } } },
    async () => sharedFieldCatalog(),
  );

  api.put(
    '/api/api-keys/:id/scope',
    {
      config: { access: { permission: 'apikey.manage' } },
      schema: { tags: ['api keys'], summary: '设置 API 密钥共享范围 Set a key’s sharing scope (items, fields, rate, expiry)', params: uuidParam, body: apiKeyScopeBody, response: { 200: apiKeySchema } },
    },
    async (request) => toApiKey(await services.apiKeys.setScope(writeOptions(request), request.params.id, request.body)),
  );

  api.get(
    '/api/shared-data/reads',
    { config: { access: { permission: 'shareddata.log.read' } }, schema: { tags: ['shared data'], summary: '共享数据读取记录 The shared-data read log', querystring: sharedReadsQuery, response: { 200: sharedReadsSchema } } },
    async (request) => {
      const page = await services.sharedData.listReads(request.actor!, request.query);
      return { rows: page.rows.map(toSharedRead), nextBefore: page.nextBefore };
    },
  );
}
