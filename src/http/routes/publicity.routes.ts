import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { codeParam } from '../contracts/catalog.ts';
import { centerIdParam, centerPublicitySchema, publicCenterSchema, publicationSettingSchema, publicityQuery, savePublicationBody } from '../contracts/publicity.ts';

/** 公示: the centers' public pages (no sign-in, nothing personal) and the per-item settings behind them. */
export function registerPublicityRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const publicity = services.publicity;

  api.get(
    '/api/public/centers',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags: ['public'], summary: '服务中心(公示) The centers with a public page: name, place, address and hours', response: { 200: z.array(publicCenterSchema) } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publicity.centers();
    },
  );

  api.get(
    '/api/public/centers/:centerId/publicity',
    {
      // A bounded number of index probes per answer; browsers and proxies keep it a minute.
      config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['public'],
        summary: '公示(公开) A center’s catalog, the published results (masked: no ID number, phone, full personal name or address), and 12 months of figures',
        params: centerIdParam,
        querystring: publicityQuery,
        response: { 200: centerPublicitySchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return publicity.centerPublicity(request.params.centerId, request.query.before);
    },
  );

  api.get(
    '/api/catalog/publicity',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: { tags: ['catalog'], summary: '结果公示设置 Each published item’s publication setting (the items whose catalog the caller edits)', response: { 200: z.array(publicationSettingSchema) } },
    },
    async (request) => publicity.settings(request.actor!),
  );

  api.put(
    '/api/items/:code/publicity',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: {
        tags: ['catalog'],
        summary: '设置结果公示 Whether and how an item’s approved results are published (licences granted, or an assistance list for a period)',
        params: codeParam,
        body: savePublicationBody,
        response: { 200: publicationSettingSchema },
      },
    },
    async (request) => publicity.saveSetting(writeOptions(request), request.params.code, request.body),
  );
}
