import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { noContent } from '../contracts/common.ts';
import { calendarOverrideSchema, calendarQuery, dueDateQuery, dueDateSchema, overrideParams, publishYearBody, regionCalendarSchema, setOverrideBody, yearParams } from '../contracts/calendar.ts';

export function registerCalendarRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const calendar = services.calendar;

  api.get(
    '/api/calendar/due-date',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendar'],
        summary: '计算办结期限 Due date: the N-th working day after `from` (or N natural days)',
        querystring: dueDateQuery,
        response: { 200: dueDateSchema },
      },
    },
    async (request) => ({ dueDate: await calendar.dueDate(request.query) }),
  );

  api.get(
    '/api/calendar',
    {
      config: { access: { permission: 'workspace.read' } },
      schema: {
        tags: ['calendar'],
        summary: '工作日历 A region’s calendar for a year',
        querystring: calendarQuery,
        response: { 200: regionCalendarSchema },
      },
    },
    async (request) => {
      const local = await calendar.listOverrides(request.query.regionCode, request.query.year);
      return { ...calendar.nationalDays(request.query.year), ...local };
    },
  );

  api.put(
    '/api/calendar/overrides/:regionCode/:date',
    {
      config: { access: { permission: 'calendar.manage' } },
      schema: {
        tags: ['calendar'],
        summary: '设置调整日 Set a local working day or day off',
        params: overrideParams,
        body: setOverrideBody,
        response: { 200: calendarOverrideSchema },
      },
    },
    async (request) => calendar.setOverride(writeOptions(request), { ...request.params, ...request.body }),
  );

  api.delete(
    '/api/calendar/overrides/:regionCode/:date',
    { config: { access: { permission: 'calendar.manage' } }, schema: { tags: ['calendar'], summary: '删除调整日 Remove an override', params: overrideParams, response: { 204: noContent } } },
    async (request, reply) => {
      await calendar.deleteOverride(writeOptions(request), request.params.regionCode, request.params.date);
      return reply.status(204).send();
    },
  );

  api.put(
    '/api/calendar/years/:regionCode/:year',
    {
      config: { access: { permission: 'calendar.manage' } },
      schema: {
        tags: ['calendar'],
        summary: '发布年度日历 Declare a year entered, so counting may enter it',
        params: yearParams,
        body: publishYearBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await calendar.publishYear(writeOptions(request), { regionCode: request.params.regionCode, year: request.params.year, note: request.body.note });
      return reply.status(204).send();
    },
  );
}
