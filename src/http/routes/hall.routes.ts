import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { AppError } from '../../domain/errors.ts';
import { ticketActions, type TicketAction } from '../../domain/hall.ts';
import type { Actor } from '../../services/actor.ts';
import type { WriteOptions } from '../../services/write.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from './schemas.ts';

/** A kiosk in the hall is nobody in particular: tickets it issues are the platform's. */
const kioskActor: Actor = { kind: 'system', id: null, name: '自助取号 kiosk', grants: [] };
const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

function kioskWrite(request: FastifyRequest): WriteOptions {
  const key = request.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !idempotencyKeyPattern.test(key))) {
    throw new AppError('BAD_REQUEST', { zh: 'Idempotency-Key 应为8到128位字母、数字或 _.:- 字符', en: 'Idempotency-Key must be 8 to 128 letters, digits or _.:- characters' });
  }
  return { actor: kioskActor, idempotencyKey: key, requestHash: `${request.url} ${JSON.stringify(request.body ?? null)}` };
}

const windowStaff = { roles: ['front_desk', 'issuer', 'guide', 'town_approver', 'agent'] } as const;

export function registerHallRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const hall = services.hall;

  api.get(
    '/api/centers/:id/ticket-classes',
    { config: { access: 'public' }, schema: { tags: ['hall'], summary: '业务类别 Ticket classes of a center (for the kiosk)', params: uuidParam } },
    async (request) => hall.classes(request.params.id),
  );

  api.post(
    '/api/centers/:id/ticket-classes/defaults',
    { config: { access: { roles: ['admin'] } }, schema: { tags: ['hall'], summary: '初始化业务类别 Give a center the default ticket classes', params: uuidParam, body: z.strictObject({}) } },
    async (request) => hall.setUpCenter(writeOptions(request), request.params.id),
  );

  api.put(
    '/api/windows/:id/classes',
    {
      config: { access: { roles: ['admin'] } },
      schema: { tags: ['hall'], summary: '窗口服务类别 The classes a window serves', params: uuidParam, body: z.strictObject({ codes: z.array(z.string().regex(/^[A-Z]{1,2}$/)).max(26) }) },
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
        body: z.strictObject({ classCode: z.string().regex(/^[A-Z]{1,2}$/), priority: z.enum(['normal', 'green']).default('normal') }),
      },
    },
    async (request, reply) => reply.status(201).send(await hall.issueTicket(kioskWrite(request), { centerId: request.params.id, ...request.body })),
  );

  api.get(
    '/api/centers/:id/board',
    { config: { access: 'public' }, schema: { tags: ['hall'], summary: '大厅显示屏 What the hall display shows', params: uuidParam } },
    async (request) => hall.board(request.params.id),
  );

  api.post(
    '/api/windows/:id/open',
    { config: { access: windowStaff }, schema: { tags: ['hall'], summary: '窗口签到 Take a window', params: uuidParam, body: z.strictObject({}) } },
    async (request) => hall.openWindow(writeOptions(request), request.params.id),
  );

  api.post(
    '/api/windows/:id/call-next',
    { config: { access: windowStaff }, schema: { tags: ['hall'], summary: '叫号 Call the next ticket to this window (null when nobody waits)', params: uuidParam, body: z.strictObject({}) } },
    async (request) => ({ ticket: await hall.callNext(writeOptions(request), request.params.id) }),
  );

  api.post(
    '/api/tickets/:id/actions',
    {
      config: { access: windowStaff },
      schema: {
        tags: ['hall'],
        summary: '重呼、过号、办理、转移、办结 Recall, no-show, serve, transfer, finish (linking the cases handled)',
        params: uuidParam,
        body: z.strictObject({
          action: z.enum(Object.keys(ticketActions) as [TicketAction, ...TicketAction[]]),
          classCode: z.string().regex(/^[A-Z]{1,2}$/).optional(),
          windowId: z.uuid().optional(),
          caseIds: z.array(z.uuid()).max(20).optional(),
        }),
      },
    },
    async (request) => hall.act(writeOptions(request), request.params.id, request.body),
  );
}
