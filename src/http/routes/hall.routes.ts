import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { AppError } from '../../domain/errors.ts';
import type { HallMessage } from '../../services/hall-live.ts';
import type { Actor } from '../../services/actor.ts';
import type { WriteOptions } from '../../services/write.ts';
import { writeOptions } from '../access.ts';
import { noContent, uuidParam } from '../contracts/common.ts';
import { centerSchema, toCenter } from '../contracts/org.ts';
import {
  addTemplateBody,
  appointmentSchema,
  bookBody,
  boardSchema,
  boardStreamResponse,
  callNextSchema,
  centerAndClassParams,
  centerAndTemplateParams,
  checkInBody,
  checkedInSchema,
  createdSchema,
  dayQuery,
  hallStatsSchema,
  issueTicketBody,
  issuedTicketSchema,
  calledTicketSchema,
  openWindowSchema,
  ownBookingBody,
  saveClassBody,
  slotDaysSchema,
  slotTemplateSchema,
  slotsQuery,
  statsQuery,
  ticketActionBody,
  ticketClassSchema,
  ticketProgressSchema,
  windowClassesBody,
  windowClassesSchema,
  windowViewSchema,
} from '../contracts/hall.ts';

/** A kiosk in the hall is nobody in particular: tickets it issues are the platform's. */
const kioskActor: Actor = { kind: 'system', id: null, name: '自助取号 kiosk', grants: [] };
const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

function kioskWrite(request: FastifyRequest): WriteOptions {
  const key = request.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !idempotencyKeyPattern.test(key))) {
    throw new AppError('BAD_REQUEST', { zh: 'Idempotency-Key 应为8到128位字母、数字或 _.:- 字符', en: 'Idempotency-Key must be 8 to 128 letters, digits or _.:- characters' });
  }
  // A guide or clerk signed in on this device is named in the audit; a bare kiosk is nobody.
  return { actor: request.actor ?? kioskActor, idempotencyKey: key, requestHash: `${request.url} ${JSON.stringify(request.body ?? null)}` };
}

export function registerHallRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const hall = services.hall;
  const appointments = services.appointments;
  // Open event streams end when the app closes; displays reconnect (to another process, if any).
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  api.get('/api/hall/centers', { config: { access: 'public' }, schema: { tags: ['hall'], summary: '服务中心(公开) Service centers, for kiosks, displays and booking', response: { 200: z.array(centerSchema) } } }, async () =>
    (await services.org.listCenters()).map(toCenter),
  );

  api.get(
    '/api/centers/:id/board/stream',
    {
      config: { access: 'public' },
      schema: { tags: ['hall'], summary: '大厅显示屏实时推送 The display board live (text/event-stream: `board` snapshots and `call` events; reconnects by itself)', params: uuidParam, response: { 200: boardStreamResponse } },
    },
    async (request, reply) => {
      const raw = reply.raw;
      let nextId = 0;
      const send = (message: HallMessage) => {
        if (!raw.headersSent) {
          raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
          raw.write('retry: 3000\n\n');
        }
        raw.write(`id: ${++nextId}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
      };
      // An unknown center fails here, before the stream starts: a plain 404.
      const disconnect = await services.hallLive.connect(request.params.id, send);
      reply.hijack();
      const ping = setInterval(() => raw.write(': ping\n\n'), 20_000);
      ping.unref();
      const end = () => {
        clearInterval(ping);
        disconnect();
        open.delete(end);
        if (!raw.writableEnded) raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
      // A display that left while its first board was being read is let go at once.
      if (request.raw.destroyed || raw.destroyed) end();
    },
  );

  api.get(
    '/api/tickets/:id/status',
    { config: { access: 'public' }, schema: { tags: ['hall'], summary: '排队进度(扫码) Where a ticket stands (the QR on the printed ticket)', params: uuidParam, response: { 200: ticketProgressSchema } } },
    async (request) => hall.ticketStatus(request.params.id),
  );

  api.get(
    '/api/windows/:id/hall',
    { config: { access: { permission: 'window.view' } }, schema: { tags: ['hall'], summary: "窗口叫号屏 The clerk's window screen: classes, queue, ticket in hand", params: uuidParam, response: { 200: windowViewSchema } } },
    async (request) => hall.windowView(request.actor!, request.params.id),
  );

  api.get(
    '/api/centers/:id/hall-stats',
    {
      config: { access: { permission: 'hall.stats' } },
      schema: { tags: ['hall'], summary: '大厅统计 Waiting and service times (median, p90), no-shows, transfers, longest waits now', params: uuidParam, querystring: statsQuery, response: { 200: hallStatsSchema } },
    },
    async (request) => hall.stats(request.actor!, request.params.id, request.query),
  );

  api.get(
    '/api/centers/:id/appointment-templates',
    { config: { access: 'public' }, schema: { tags: ['appointments'], summary: '预约时段模板 Slot templates of a center', params: uuidParam, response: { 200: z.array(slotTemplateSchema) } } },
    async (request) => (await appointments.templates(request.params.id)).map((t) => ({ ...t, weekdays: [...t.weekdays] })),
  );

  api.post(
    '/api/centers/:id/appointment-templates',
    {
      config: { access: { permission: 'appointment.manage' } },
      schema: {
        tags: ['appointments'],
        summary: '新增预约时段模板 Add a slot template (working day, extended hours, weekend 5+X)',
        params: uuidParam,
        body: addTemplateBody,
        response: { 201: createdSchema },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await appointments.addTemplate(writeOptions(request), request.params.id, request.body) }),
  );

  api.delete(
    '/api/centers/:id/appointment-templates/:templateId',
    { config: { access: { permission: 'appointment.manage' } }, schema: { tags: ['appointments'], summary: '停用预约时段模板 Retire a slot template (bookings made stand)', params: centerAndTemplateParams, response: { 204: noContent } } },
    async (request, reply) => {
      await appointments.removeTemplate(writeOptions(request), request.params.id, request.params.templateId);
      return reply.status(204).send();
    },
  );

  api.get(
    '/api/centers/:id/appointment-slots',
    {
      config: { access: 'public' },
      schema: {
        tags: ['appointments'],
        summary: '可预约时段 Open slots with places left',
        params: uuidParam,
        querystring: slotsQuery,
        response: { 200: slotDaysSchema },
      },
    },
    async (request) => appointments.slots(request.params.id, request.query),
  );

  api.post(
    '/api/centers/:id/appointments',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['appointments'],
        summary: '预约 Book a slot (name, resident ID, mobile; per-person limits apply)',
        params: uuidParam,
        body: bookBody,
        response: { 201: appointmentSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await appointments.book(kioskWrite(request), { centerId: request.params.id, ...request.body, slotStart: new Date(request.body.slotStart) })),
  );

  api.post(
    '/api/appointments/lookup',
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { tags: ['appointments'], summary: '查询预约 Look a booking up (code + ID number)', body: ownBookingBody, response: { 200: appointmentSchema } } },
    async (request) => appointments.find(request.body.code, request.body.idNumber),
  );

  api.post(
    '/api/appointments/cancel',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: { tags: ['appointments'], summary: '取消预约 Cancel a booking before its slot (code + ID number)', body: ownBookingBody, response: { 200: appointmentSchema } },
    },
    async (request) => appointments.cancel(kioskWrite(request), request.body.code, request.body.idNumber),
  );

  api.post(
    '/api/centers/:id/check-in',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['appointments'],
        summary: '预约签到(自助机) Check in a booking at the kiosk: it becomes a priority ticket',
        params: uuidParam,
        body: checkInBody,
        response: { 201: checkedInSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await appointments.checkIn(kioskWrite(request), request.params.id, request.body)),
  );

  api.get(
    '/api/centers/:id/appointments',
    { config: { access: { permission: 'appointment.read' } }, schema: { tags: ['appointments'], summary: '当日预约 The bookings of a day', params: uuidParam, querystring: dayQuery, response: { 200: z.array(appointmentSchema) } } },
    async (request) => appointments.list(request.actor!, request.params.id, request.query.day),
  );

  api.get(
    '/api/centers/:id/ticket-classes',
    { config: { access: 'public' }, schema: { tags: ['hall'], summary: '业务类别 Ticket classes of a center (for the kiosk)', params: uuidParam, response: { 200: z.array(ticketClassSchema) } } },
    async (request) => hall.classes(request.params.id),
  );

  api.post(
    '/api/centers/:id/ticket-classes/defaults',
    {
      config: { access: { permission: 'org.manage' } },
      schema: { tags: ['hall'], summary: '初始化业务类别 Give a center the default ticket classes', params: uuidParam, body: z.strictObject({}), response: { 200: z.array(ticketClassSchema) } },
    },
    async (request) => hall.setUpCenter(writeOptions(request), request.params.id),
  );

  api.put(
    '/api/centers/:id/ticket-classes/:code',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['hall'],
        summary: '新增或修改业务类别 Add or change a ticket class: name, the items it takes, in use or not',
        params: centerAndClassParams,
        body: saveClassBody,
        response: { 200: ticketClassSchema },
      },
    },
    async (request) => hall.saveClass(writeOptions(request), request.params.id, request.params.code, request.body),
  );

  api.put(
    '/api/windows/:id/classes',
    {
      config: { access: { permission: 'org.manage' } },
      schema: { tags: ['hall'], summary: '窗口服务类别 The classes a window serves', params: uuidParam, body: windowClassesBody, response: { 200: windowClassesSchema } },
    },
    async (request) => ({ codes: await hall.setWindowClasses(writeOptions(request), request.params.id, request.body.codes) }),
  );

  api.post(
    '/api/centers/:id/tickets',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['hall'],
        summary: '取号 Take a ticket (kiosk or guide)',
        params: uuidParam,
        body: issueTicketBody,
        response: { 201: issuedTicketSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await hall.issueTicket(kioskWrite(request), { centerId: request.params.id, ...request.body })),
  );

  api.get('/api/centers/:id/board', { config: { access: 'public' }, schema: { tags: ['hall'], summary: '大厅显示屏 What the hall display shows', params: uuidParam, response: { 200: boardSchema } } }, async (request) =>
    hall.board(request.params.id),
  );

  api.post(
    '/api/windows/:id/open',
    { config: { access: { permission: 'window.work' } }, schema: { tags: ['hall'], summary: '窗口签到 Take a window', params: uuidParam, body: z.strictObject({}), response: { 200: openWindowSchema } } },
    async (request) => hall.openWindow(writeOptions(request), request.params.id),
  );

  api.post(
    '/api/windows/:id/call-next',
    {
      config: { access: { permission: 'window.work' } },
      schema: { tags: ['hall'], summary: '叫号 Call the next ticket to this window (null when nobody waits)', params: uuidParam, body: z.strictObject({}), response: { 200: callNextSchema } },
    },
    async (request) => ({ ticket: await hall.callNext(writeOptions(request), request.params.id) }),
  );

  api.post(
    '/api/tickets/:id/actions',
    {
      config: { access: { permission: 'window.work' } },
      schema: {
        tags: ['hall'],
        summary: '重呼、过号、办理、转移、办结 Recall, no-show, serve, transfer, finish (linking the cases handled)',
        params: uuidParam,
        body: ticketActionBody,
        response: { 200: calledTicketSchema },
      },
    },
    async (request) => hall.act(writeOptions(request), request.params.id, request.body),
  );
}
