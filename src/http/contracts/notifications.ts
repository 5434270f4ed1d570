/** Notification templates and the message log (/api/notification-templates, /api/notification-messages). */
import { z } from 'zod';
import { eventInfo, notificationChannels, notificationEvents, wechatFieldTypes } from '../../domain/notification-templates.ts';
import type { MessageRecord, TemplateRecord } from '../../repositories/notification.repository.ts';
import type { MessageFigures, TemplateView } from '../../services/notify/notification.service.ts';
import { calendarDate, timestamp } from './common.ts';

const words = z.object({ zh: z.string(), en: z.string() });
export const messageStatuses = ['pending', 'sending', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure'] as const;

export const eventParam = z.enum(notificationEvents, { error: `must be one of ${notificationEvents.join(', ')}` });
export const channelParam = z.enum(notificationChannels, { error: `must be one of ${notificationChannels.join(', ')}` });
export const templateParams = z.strictObject({ event: eventParam, channel: channelParam });

const wechatField = z.strictObject({
  key: z.string().trim().min(1).max(32),
  type: z.enum(wechatFieldTypes, { error: `must be one of ${wechatFieldTypes.join(', ')}` }),
  value: z.string().max(200),
});

export const templateBody = z.strictObject({
  body: z.string().max(1000).describe('the text with {placeholders}'),
  fields: z.array(wechatField).max(10).default([]).describe('WeChat subscribe-message fields (wechat only)'),
  enabled: z.boolean().default(true),
});

export const previewBody = z.strictObject({ event: eventParam, channel: channelParam, body: z.string().max(1000), fields: z.array(wechatField).max(10).default([]) });

const problemSchema = z.object({ field: z.string(), message: words });
export const checkSchema = z.object({
  problems: z.array(problemSchema),
  preview: z.string().describe('rendered with sample data'),
  length: z.number().int(),
  segments: z.number().int().describe('SMS segments (70 characters, 67 per part when split)'),
  fields: z.array(z.object({ key: z.string(), type: z.string(), value: z.string() })),
});

export const templateSchema = z.object({
  event: z.string(),
  channel: z.string(),
  version: z.number().int(),
  body: z.string(),
  fields: z.array(z.object({ key: z.string(), type: z.string(), value: z.string() })),
  enabled: z.boolean(),
  updatedByName: z.string().nullable(),
  updatedAt: timestamp,
  check: checkSchema,
});

export const eventSchema = z.object({
  event: z.string(),
  label: words,
  placeholders: z.array(z.object({ name: z.string(), label: z.string(), sample: z.string() })),
});

export const templatesSchema = z.object({ events: z.array(eventSchema), channels: z.array(z.string()), templates: z.array(templateSchema) });

export const historySchema = z.array(templateSchema.omit({ check: true }));

export const toTemplateVersion = (t: TemplateRecord): z.output<typeof historySchema>[number] => ({
  event: t.event,
  channel: t.channel,
  version: t.version,
  body: t.body,
  fields: (t.fields ?? []) as { key: string; type: string; value: string }[],
  enabled: t.enabled,
  updatedByName: t.updatedByName,
  updatedAt: t.updatedAt,
});

export const toTemplate = (t: TemplateView): z.output<typeof templateSchema> => ({ ...toTemplateVersion(t), check: t.check });

export const eventsList = (): z.output<typeof eventSchema>[] =>
  notificationEvents.map((event) => ({
    event,
    label: eventInfo[event].label,
    placeholders: Object.entries(eventInfo[event].placeholders).map(([name, p]) => ({ name, label: p.label, sample: p.sample })),
  }));

export const messageQuery = z.strictObject({
  status: z.enum(messageStatuses).optional(),
  event: eventParam.optional(),
  day: calendarDate.optional().describe('China day the message was written'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const figuresQuery = messageQuery.pick({ event: true, day: true });

export const messageSchema = z.object({
  id: z.string().describe('also the client reference passed to the provider'),
  event: z.string(),
  channel: z.string(),
  recipient: z.string().describe('masked (139****1234)'),
  templateVersion: z.number().int(),
  body: z.string(),
  status: z.enum(messageStatuses),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  provider: z.string().nullable(),
  providerReference: z.string().nullable(),
  lastError: z.string().nullable(),
  caseId: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});

export const toMessage = (m: MessageRecord): z.output<typeof messageSchema> => ({
  id: m.id,
  event: m.event,
  channel: m.channel,
  recipient: m.recipientDisplay,
  templateVersion: m.templateVersion,
  body: m.body,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt,
  provider: m.provider,
  providerReference: m.providerReference,
  lastError: m.lastError,
  caseId: m.caseId,
  createdAt: m.createdAt,
  sentAt: m.sentAt,
});

export const figuresSchema = z.object({
  byStatus: z.record(z.string(), z.number().int()),
  sent: z.number().int(),
  retried: z.number().int().describe('messages that needed more than one attempt'),
  failed: z.number().int().describe('permanent and technical failures'),
  total: z.number().int(),
}) satisfies z.ZodType<MessageFigures>;
