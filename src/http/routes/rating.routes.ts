import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import type { Actor } from '../../services/actor.ts';
import { defaultQualitySettings } from '../../domain/rating.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import {
  caseRatingSchema,
  channelParam,
  kioskParams,
  kioskTicketParams,
  kioskRatedSchema,
  kioskRatingBody,
  padRatingBody,
  padStateSchema,
  qualitySettingsBody,
  qualitySettingsSchema,
  ratingBody,
  ratingFormSchema,
  ratingListQuery,
  ratingPageSchema,
  regionParam,
  staffRatingSchema,
  toCaseRatingDto,
  toFormDto,
  toPadDto,
  toStaffRatingDto,
  tokenParam,
} from '../contracts/ratings.ts';

/** Whoever holds the SMS link: the link is their proof, as the kiosk's ticket is (no account). */
/** The hall's rating kiosk: no account, the ticket's number is all it has. */
const kioskActor: Actor = { kind: 'system', id: null, name: '大厅评价终端 rating kiosk', grants: [] };
const linkActor: Actor = { kind: 'system', id: null, name: '短信评价链接 rating link', grants: [] };

const windowParam = z.strictObject({ windowId: z.uuid({ error: 'must be a UUID' }) });

/** 好差评: settings, forms, the window's pad, the SMS link's page, the applicant's and agent's ratings, staff reads. */
export function registerRatingRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ratings = services.ratings;
  const tags = ['ratings'];

  api.get(
    '/api/quality/settings/:code',
    { config: { access: { permission: 'quality.settings' } }, schema: { tags, summary: '好差评和投诉时限设置(本级或上级,否则默认) Settings in force in a region', params: regionParam, response: { 200: qualitySettingsSchema } } },
    async (request) => {
      const found = await ratings.settingsFor(request.params.code);
      return { regionCode: request.params.code, ...found, defaults: defaultQualitySettings };
    },
  );

  api.put(
    '/api/quality/settings/:code',
    { config: { access: { permission: 'quality.settings' } }, schema: { tags, summary: '设置本区划的好差评和投诉时限 Set a region’s settings', params: regionParam, body: qualitySettingsBody, response: { 200: qualitySettingsSchema } } },
    async (request) => {
      const saved = await ratings.setSettings(writeOptions(request), request.params.code, request.body);
      return { regionCode: request.params.code, ...saved, defaults: defaultQualitySettings };
    },
  );

  api.get('/api/rating-forms/:channel', { config: { access: 'public' }, schema: { tags, summary: '现行评价表 The rating form in force', params: channelParam, response: { 200: ratingFormSchema } } }, async (request) =>
    toFormDto(await ratings.form(request.params.channel)),
  );

  api.get(
    '/api/ratings/pad/:windowId',
    { config: { access: { permission: 'rating.pad' } }, schema: { tags, summary: '窗口评价器:待评价的办理 The pad: the visit to rate at this window', params: windowParam, response: { 200: padStateSchema } } },
    async (request) => toPadDto(await ratings.padState(request.actor!, request.params.windowId)),
  );

  api.post(
    '/api/ratings/pad/:windowId',
    {
      config: { access: { permission: 'rating.pad' } },
      schema: { tags, summary: '现场一次一评 Rate the visit (a second time within the change period changes it)', params: windowParam, body: padRatingBody, response: { 200: staffRatingSchema } },
    },
    async (request) => {
      const { ticketId, ...input } = request.body;
      return toStaffRatingDto(await ratings.rateAtPad(writeOptions(request), request.params.windowId, ticketId, input));
    },
  );

  api.get(
    '/api/ratings/kiosk/:centerId/:ticketNo',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: { tags, summary: '大厅评价终端:按号查今天已办理的号 The hall kiosk: today’s served ticket by its number (A001)', params: kioskTicketParams, response: { 200: padStateSchema } },
    },
    async (request) => toPadDto(await ratings.kioskState(request.params.centerId, request.params.ticketNo)),
  );

  api.post(
    '/api/ratings/kiosk/:centerId',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: { tags, summary: '大厅评价终端评价(每号一次) Rate a visit at the hall kiosk (once per ticket)', params: kioskParams, body: kioskRatingBody, response: { 200: kioskRatedSchema } },
    },
    async (request) => {
      const { ticketNo, ...input } = request.body;
      return ratings.rateAtKiosk({ actor: kioskActor }, request.params.centerId, ticketNo, input);
    },
  );

  api.get(
    '/api/rate/:token',
    { config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { tags, summary: '短信评价链接:办件和评价表 The SMS link’s page', params: tokenParam, response: { 200: caseRatingSchema } } },
    async (request) => toCaseRatingDto(await ratings.invitation(request.params.token)),
  );

  api.post(
    '/api/rate/:token',
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { tags, summary: '网上一事一评(短信链接) Rate the case by the SMS link', params: tokenParam, body: ratingBody, response: { 200: caseRatingSchema } } },
    async (request) => toCaseRatingDto(await ratings.rateByInvitation({ actor: linkActor }, request.params.token, request.body)),
  );

  api.get('/api/online/cases/:id/rating', { config: { access: 'applicant' }, schema: { tags, summary: '我的办件的评价 My case’s rating', params: uuidParam, response: { 200: caseRatingSchema } } }, async (request) =>
    toCaseRatingDto(await ratings.ownCaseRating(request.actor!, request.params.id)),
  );

  api.post('/api/online/cases/:id/rating', { config: { access: 'applicant' }, schema: { tags, summary: '评价我的办件 Rate my concluded case', params: uuidParam, body: ratingBody, response: { 200: caseRatingSchema } } }, async (request) =>
    toCaseRatingDto(await ratings.rateOwnCase(writeOptions(request), request.params.id, request.body)),
  );

  api.post(
    '/api/agent/cases/:id/rating',
    { config: { access: { permission: 'rating.agent' } }, schema: { tags, summary: '代委托人评价代办件 Record the applicant’s rating of a proxy case', params: uuidParam, body: ratingBody, response: { 200: caseRatingSchema } } },
    async (request) => toCaseRatingDto(await ratings.rateForApplicant(writeOptions(request), request.params.id, request.body)),
  );

  api.get(
    '/api/ratings',
    { config: { access: { permission: 'rating.read' } }, schema: { tags, summary: '好差评列表 Ratings (anonymous raters hidden)', querystring: ratingListQuery, response: { 200: ratingPageSchema } } },
    async (request) => {
      const q = request.query;
      const page = await ratings.list(request.actor!, {
        ...(q.from ? { from: q.from } : {}),
        ...(q.until ? { until: q.until } : {}),
        ...(q.level ? { level: q.level } : {}),
        badOnly: q.bad === 'true',
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.page ? { page: q.page } : {}),
        ...(q.pageSize ? { pageSize: q.pageSize } : {}),
      });
      return { rows: page.rows.map(toStaffRatingDto), total: page.total };
    },
  );

  api.get('/api/ratings/:id', { config: { access: { permission: 'rating.read' } }, schema: { tags, summary: '一条评价 One rating', params: uuidParam, response: { 200: staffRatingSchema } } }, async (request) =>
    toStaffRatingDto(await ratings.get(request.actor!, request.params.id)),
  );
}
