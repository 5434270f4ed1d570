import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { calendarDate } from './schemas.ts';

const date = calendarDate;
const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/);

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
        querystring: z.strictObject({
          from: date,
          workingDays: z.coerce.number().int().min(0).max(3650).optional(),
          naturalDays: z.coerce.number().int().min(0).max(3650).optional(),
          regionCode: regionCode.optional(),
        }),
        response: { 200: z.object({ dueDate: z.string() }) },
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
        querystring: z.strictObject({ regionCode, year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            holidays: z.array(z.string()),
            makeUpWorkdays: z.array(z.string()),
            overrides: z.array(z.object({ regionCode: z.string(), date: z.string(), isWorkday: z.boolean(), note: z.string() })),
            knownYears: z.array(z.number()),
          }),
        },
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
        params: z.strictObject({ regionCode, date }),
        body: z.strictObject({ isWorkday: z.boolean(), note: z.string().trim().max(200).default('') }),
        response: { 200: z.object({ regionCode: z.string(), date: z.string(), isWorkday: z.boolean(), note: z.string() }) },
      },
    },
    async (request) => calendar.setOverride(writeOptions(request), { ...request.params, ...request.body }),
  );

  api.delete(
    '/api/calendar/overrides/:regionCode/:date',
    { config: { access: { permission: 'calendar.manage' } }, schema: { tags: ['calendar'], summary: '删除调整日 Remove an override', params: z.strictObject({ regionCode, date }) } },
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
        params: z.strictObject({ regionCode, year: z.coerce.number().int().min(2000).max(2100) }),
        body: z.strictObject({ note: z.string().trim().max(500).default('') }),
      },
    },
    async (request, reply) => {
      await calendar.publishYear(writeOptions(request), { regionCode: request.params.regionCode, year: request.params.year, note: request.body.note });
      return reply.status(204).send();
    },
  );
}
