/** 数据推送 (/api/push-subscriptions): departments' webhook subscriptions and their delivery log (docs/PUSH.md). */
import { z } from 'zod';
import { isPushTopic, pushDeliveryStates, pushTopicFamilies } from '../../domain/push.ts';
import type { PushDelivery } from '../../repositories/push.repository.ts';
import type { SubscriptionView } from '../../services/push/push.service.ts';
import { distinct, nameField, timestamp } from './common.ts';

const topicField = z
  .string()
  .max(100)
  .refine(isPushTopic, { error: `must be an event of ${pushTopicFamilies.join(', ')} (e.g. case.accept) or a family (case.*)`, params: { zh: '不是可订阅的事件' } });
const itemCodeField = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be a service item code' });

export const pushSubscriptionSchema = z.object({
  id: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  regionPath: z.string(),
  name: z.string(),
  url: z.string(),
  topics: z.array(z.string()),
  itemCodes: z.array(z.string()).describe('empty: every item of the department'),
  active: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toPushSubscription = (s: SubscriptionView): z.output<typeof pushSubscriptionSchema> => ({
  id: s.id,
  departmentId: s.departmentId,
  departmentName: s.departmentName,
  regionPath: s.regionPath,
  name: s.name,
  url: s.url,
  topics: s.topics,
  itemCodes: s.itemCodes,
  active: s.active,
  createdBy: s.createdBy,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export const pushSubscriptionListSchema = z.object({ items: z.array(pushSubscriptionSchema) });

export const pushSubscriptionWithSecretSchema = z.object({
  subscription: pushSubscriptionSchema,
  secret: z.string().nullable().describe('the HMAC signing secret, shown once; null when this is a replay of the request'),
});

export const createPushSubscriptionBody = z.strictObject({
  departmentId: z.uuid(),
  name: nameField,
  url: z.string().trim().min(1).max(500),
  topics: distinct(z.array(topicField).min(1).max(50), { zh: '事件', en: 'event' }),
  itemCodes: distinct(z.array(itemCodeField).max(200), { zh: '事项编码', en: 'item code' }).default([]),
  active: z.boolean().default(true),
});

export const updatePushSubscriptionBody = z.strictObject({
  name: nameField.optional(),
  url: z.string().trim().min(1).max(500).optional(),
  topics: distinct(z.array(topicField).min(1).max(50), { zh: '事件', en: 'event' }).optional(),
  itemCodes: distinct(z.array(itemCodeField).max(200), { zh: '事项编码', en: 'item code' }).optional(),
  active: z.boolean().optional(),
});

export const pushDeliverySchema = z.object({
  id: z.string().describe('sent as X-OneWindow-Delivery; a replay or a re-send gets a new one'),
  subscriptionId: z.string(),
  outboxId: z.string().describe('the event id (the body’s id)'),
  topic: z.string(),
  itemCode: z.string().nullable(),
  state: z.enum(pushDeliveryStates),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
  occurredAt: timestamp,
});

export const toPushDelivery = (d: PushDelivery): z.output<typeof pushDeliverySchema> => ({ ...d });

export const pushDeliveryListQuery = z.strictObject({
  state: z.enum(pushDeliveryStates).optional(),
  topic: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const pushDeliveryPageSchema = z.object({
  items: z.array(pushDeliverySchema),
  total: z.number().int(),
  byState: z.object({ pending: z.number().int(), delivered: z.number().int(), dead: z.number().int() }),
});

export const pushReplayBody = z.strictObject({ from: timestamp.describe('events written from this instant on are delivered again (30 days back at most)') });
export const pushReplaySchema = z.object({ pending: z.number().int().describe('deliveries now waiting to be sent') });

export const pushDeliveryParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), deliveryId: z.uuid({ error: 'must be a UUID' }) });
