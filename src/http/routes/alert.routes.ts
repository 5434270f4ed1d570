import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import { alertCloseBody, alertListQuery, alertPageSchema, alertRespondBody, alertSchema, alertSummaryQuery, alertSummarySchema, toAlertDto, toAlertSummaryDto } from '../contracts/alerts.ts';

/** 电子监察: the supervisor's and the department's alert list, one alert, respond, close, the dashboards' summary. */
export function registerAlertRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const alerts = services.alerts;
  const tags = ['alerts'];

  api.get('/api/alerts', { config: { access: { permission: 'alert.read' } }, schema: { tags, summary: '电子监察预警列表 Supervision alerts', querystring: alertListQuery, response: { 200: alertPageSchema } } }, async (request) => {
    const q = request.query;
    const page = await alerts.list(
      request.actor!,
      {
        ...(q.rule ? { rule: q.rule } : {}),
        ...(q.state ? { state: q.state } : {}),
        ...(q.regionCode ? { regionCode: q.regionCode } : {}),
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.caseId ? { caseId: q.caseId } : {}),
        overdue: q.overdue === 'true',
      },
      { limit: q.limit, offset: q.offset },
    );
    return { items: page.items.map(toAlertDto), total: page.total };
  });

  api.get(
    '/api/alerts/summary',
    {
      config: { access: { permission: 'alert.read' } },
      schema: { tags, summary: '电子监察统计:按规则和状态计数,超期未响应 Counts per rule and state, overdue responses', querystring: alertSummaryQuery, response: { 200: alertSummarySchema } },
    },
    async (request) => toAlertSummaryDto(await alerts.summary(request.actor!, request.query)),
  );

  api.get('/api/alerts/:id', { config: { access: { permission: 'alert.read' } }, schema: { tags, summary: '监察预警详情 One alert', params: uuidParam, response: { 200: alertSchema } } }, async (request) =>
    toAlertDto(await alerts.get(request.actor!, request.params.id)),
  );

  api.post(
    '/api/alerts/:id/respond',
    { config: { access: { permission: 'alert.respond' } }, schema: { tags, summary: '责任部门响应说明 The department responds', params: uuidParam, body: alertRespondBody, response: { 200: alertSchema } } },
    async (request) => toAlertDto(await alerts.respond(writeOptions(request), request.params.id, request.body)),
  );

  api.post(
    '/api/alerts/:id/close',
    { config: { access: { permission: 'alert.close' } }, schema: { tags, summary: '督查办结并认定结论 The supervisor closes with a verdict', params: uuidParam, body: alertCloseBody, response: { 200: alertSchema } } },
    async (request) => toAlertDto(await alerts.close(writeOptions(request), request.params.id, request.body)),
  );
}
