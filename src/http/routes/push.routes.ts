import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import {
  createPushSubscriptionBody,
  pushDeliveryListQuery,
  pushDeliveryPageSchema,
  pushDeliveryParams,
  pushDeliverySchema,
  pushReplayBody,
  pushReplaySchema,
  pushSubscriptionListSchema,
  pushSubscriptionSchema,
  pushSubscriptionWithSecretSchema,
  toPushDelivery,
  toPushSubscription,
  updatePushSubscriptionBody,
} from '../contracts/push.ts';

/** 数据推送: a department's webhook subscriptions, their delivery log, replays (docs/PUSH.md). */
export function registerPushRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const push = services.push;
  const tags = ['push'];
  const access = { access: { permission: 'push.manage' } } as const;

  api.get('/api/push-subscriptions', { config: access, schema: { tags, summary: '推送订阅列表 Push subscriptions', response: { 200: pushSubscriptionListSchema } } }, async (request) => ({
    items: (await push.list(request.actor!)).map(toPushSubscription),
  }));

  api.post(
    '/api/push-subscriptions',
    { config: access, schema: { tags, summary: '新建推送订阅(签名密钥只显示一次) Create a subscription (the secret is shown once)', body: createPushSubscriptionBody, response: { 201: pushSubscriptionWithSecretSchema } } },
    async (request, reply) => {
      const created = await push.create(writeOptions(request), request.body);
      return reply.status(201).send({ subscription: toPushSubscription(created.subscription), secret: created.secret });
    },
  );

  api.get('/api/push-subscriptions/:id', { config: access, schema: { tags, summary: '推送订阅 One subscription', params: uuidParam, response: { 200: pushSubscriptionSchema } } }, async (request) =>
    toPushSubscription(await push.get(request.actor!, request.params.id)),
  );

  api.patch(
    '/api/push-subscriptions/:id',
    { config: access, schema: { tags, summary: '修改推送订阅(事件、事项、地址、启停) Change a subscription', params: uuidParam, body: updatePushSubscriptionBody, response: { 200: pushSubscriptionSchema } } },
    async (request) => toPushSubscription(await push.update(writeOptions(request), request.params.id, request.body)),
  );

  api.delete('/api/push-subscriptions/:id', { config: access, schema: { tags, summary: '删除推送订阅及其推送记录 Delete a subscription and its log', params: uuidParam, response: { 200: uuidParam } } }, async (request) =>
    push.remove(writeOptions(request), request.params.id),
  );

  api.post(
    '/api/push-subscriptions/:id/rotate-secret',
    { config: access, schema: { tags, summary: '更换签名密钥(只显示一次) Rotate the signing secret (shown once)', params: uuidParam, response: { 200: pushSubscriptionWithSecretSchema } } },
    async (request) => {
      const rotated = await push.rotateSecret(writeOptions(request), request.params.id);
      return { subscription: toPushSubscription(rotated.subscription), secret: rotated.secret };
    },
  );

  api.get(
    '/api/push-subscriptions/:id/deliveries',
    { config: access, schema: { tags, summary: '推送记录(含死信) The delivery log, dead letters included', params: uuidParam, querystring: pushDeliveryListQuery, response: { 200: pushDeliveryPageSchema } } },
    async (request) => {
      const page = await push.deliveries(request.actor!, request.params.id, request.query);
      return { items: page.items.map(toPushDelivery), total: page.total, byState: { pending: page.byState.pending ?? 0, delivered: page.byState.delivered ?? 0, dead: page.byState.dead ?? 0 } };
    },
  );

  api.post(
    '/api/push-subscriptions/:id/replay',
    { config: access, schema: { tags, summary: '从某一时间起重新推送 Deliver again from a point in time', params: uuidParam, body: pushReplayBody, response: { 200: pushReplaySchema } } },
    async (request) => push.replay(writeOptions(request), request.params.id, request.body.from),
  );

  api.post(
    '/api/push-subscriptions/:id/deliveries/:deliveryId/redeliver',
    { config: access, schema: { tags, summary: '重新推送一条死信 Send a dead letter again', params: pushDeliveryParams, response: { 200: pushDeliverySchema } } },
    async (request) => toPushDelivery(await push.redeliver(writeOptions(request), request.params.id, request.params.deliveryId)),
  );
}
