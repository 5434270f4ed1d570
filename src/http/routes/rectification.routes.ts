import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import {
  appealBody,
  appealDecisionBody,
  appealListQuery,
  appealSchema,
  closeBody,
  reRateBody,
  rectificationDetailSchema,
  rectificationFiguresQuery,
  rectificationFiguresSchema,
  rectificationListQuery,
  rectificationSchema,
  reportBody,
  revisitBody,
  toAppealDto,
  toFiguresDto,
  toRectificationDetailDto,
  toRectificationDto,
  triageBody,
} from '../contracts/rectifications.ts';

/** 差评整改 and 申诉复核: the department's inbox and steps, the center's revisit, the supervisor's verdicts and figures. */
export function registerRectificationRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const rectifications = services.rectifications;
  const tags = ['rectifications'];

  api.get(
    '/api/rectifications',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: { tags, summary: '差评整改任务(本部门或本辖区) Rectification inbox (one’s department or region)', querystring: rectificationListQuery, response: { 200: z.array(rectificationSchema) } },
    },
    async (request) => {
      const q = request.query;
      const tasks = await rectifications.list(request.actor!, {
        ...(q.state ? { state: q.state } : {}),
        ...(q.late ? { late: q.late === 'true' } : {}),
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      });
      return tasks.map(toRectificationDto);
    },
  );

  api.get(
    '/api/rectifications/figures',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: { tags, summary: '差评整改月度数据(回访率、按期整改率) Monthly figures: revisit share, on time', querystring: rectificationFiguresQuery, response: { 200: rectificationFiguresSchema } },
    },
    async (request) => toFiguresDto(await rectifications.figures(request.actor!, request.query.month)),
  );

  api.get(
    '/api/rectifications/:id',
    { config: { access: { permission: 'rectification.read' } }, schema: { tags, summary: '差评整改任务及其评价 One task with its rating', params: uuidParam, response: { 200: rectificationDetailSchema } } },
    async (request) => toRectificationDetailDto(await rectifications.get(request.actor!, request.params.id)),
  );

  api.post(
    '/api/rectifications/:id/triage',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: { tags, summary: '核实与分类(立行立改、解释说明可同时反馈) Verify and triage', params: uuidParam, body: triageBody, response: { 200: rectificationDetailSchema } },
    },
    async (request) => toRectificationDetailDto(await rectifications.triage(writeOptions(request), request.params.id, request.body)),
  );

  api.post(
    '/api/rectifications/:id/report',
    { config: { access: { permission: 'rectification.read' } }, schema: { tags, summary: '整改反馈 Report back', params: uuidParam, body: reportBody, response: { 200: rectificationDetailSchema } } },
    async (request) => toRectificationDetailDto(await rectifications.report(writeOptions(request), request.params.id, request.body)),
  );

  api.post(
    '/api/rectifications/:id/revisit',
    {
      config: { access: { permission: 'rectification.revisit' } },
      schema: { tags, summary: '回访:结果、意见和重新评价 Revisit: result, note, re-rating', params: uuidParam, body: revisitBody, response: { 200: rectificationDetailSchema } },
    },
    async (request) => {
      const b = request.body;
      return toRectificationDetailDto(await rectifications.revisit(writeOptions(request), request.params.id, { result: b.result, note: b.note, ...(b.reLevel ? { reLevel: b.reLevel } : {}), ...(b.close ? { close: true } : {}) }));
    },
  );

  api.post(
    '/api/rectifications/:id/re-rating',
    { config: { access: { permission: 'rectification.revisit' } }, schema: { tags, summary: '记录重新评价 Record the re-rating', params: uuidParam, body: reRateBody, response: { 200: rectificationDetailSchema } } },
    async (request) => toRectificationDetailDto(await rectifications.reRate(writeOptions(request), request.params.id, request.body)),
  );

  api.post(
    '/api/rectifications/:id/close',
    { config: { access: { permission: 'rectification.revisit' } }, schema: { tags, summary: '办结 Close', params: uuidParam, body: closeBody, response: { 200: rectificationDetailSchema } } },
    async (request) => toRectificationDetailDto(await rectifications.close(writeOptions(request), request.params.id, request.body.note !== undefined ? { note: request.body.note } : {})),
  );

  api.post(
    '/api/rectifications/:id/appeal',
    { config: { access: { permission: 'rating.appeal.file' } }, schema: { tags, summary: '申诉(暂停整改时限) Appeal the rating (the deadlines pause)', params: uuidParam, body: appealBody, response: { 200: rectificationDetailSchema } } },
    async (request) => toRectificationDetailDto(await rectifications.appeal(writeOptions(request), request.params.id, request.body)),
  );

  api.get('/api/rating-appeals', { config: { access: { permission: 'rectification.read' } }, schema: { tags, summary: '差评申诉 Appeals', querystring: appealListQuery, response: { 200: z.array(appealSchema) } } }, async (request) =>
    (await rectifications.listAppeals(request.actor!, request.query.state ? { state: request.query.state } : {})).map(toAppealDto),
  );

  api.post(
    '/api/rating-appeals/:id/decision',
    { config: { access: { permission: 'rating.appeal.decide' } }, schema: { tags, summary: '申诉复核:成立或驳回 Decide: uphold or reject', params: uuidParam, body: appealDecisionBody, response: { 200: appealSchema } } },
    async (request) => toAppealDto(await rectifications.decideAppeal(writeOptions(request), request.params.id, request.body)),
  );
}
