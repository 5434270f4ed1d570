import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notificationChannels } from '../../domain/notification-templates.ts';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import {
  checkSchema,
  eventsList,
  figuresQuery,
  figuresSchema,
  historySchema,
  messageQuery,
  messageSchema,
  previewBody,
  templateBody,
  templateParams,
  templateSchema,
  templatesSchema,
  toMessage,
  toTemplate,
  toTemplateVersion,
} from '../contracts/notifications.ts';

export function registerNotificationRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  api.get('/api/notification-templates', { config: { access: { permission: 'notification.manage' } }, schema: { tags, summary: '通知模板 Notification templates in force', response: { 200: templatesSchema } } }, async (request) => ({
    events: eventsList(),
    channels: [...notificationChannels],
    templates: (await services.notifications.listTemplates(request.actor!)).map(toTemplate),
  }));

  api.get(
    '/api/notification-templates/:event/:channel/history',
    { config: { access: { permission: 'notification.manage' } }, schema: { tags, summary: '模板历史版本 Every version of a template', params: templateParams, response: { 200: historySchema } } },
    async (request) => (await services.notifications.templateHistory(request.actor!, request.params.event, request.params.channel)).map(toTemplateVersion),
  );

  api.put(
    '/api/notification-templates/:event/:channel',
    {
      config: { access: { permission: 'notification.manage' } },
      schema: { tags, summary: '修改通知模板(新增一个版本) Save a template (as its next version)', params: templateParams, body: templateBody, response: { 200: templateSchema } },
    },
    async (request) => toTemplate(await services.notifications.saveTemplate(writeOptions(request), { ...request.params, ...request.body })),
  );

  api.post(
    '/api/notification-templates/preview',
    { config: { access: { permission: 'notification.manage' } }, schema: { tags, summary: '模板预览(示例数据、字数、条数) Preview a template with sample data', body: previewBody, response: { 200: checkSchema } } },
    async (request) => services.notifications.preview(request.actor!, request.body),
  );

  api.get(
    '/api/notification-messages',
    { config: { access: { permission: 'notification.read' } }, schema: { tags, summary: '通知发送记录 The message log, newest first', querystring: messageQuery, response: { 200: z.array(messageSchema) } } },
    async (request) => (await services.notifications.listMessages(request.actor!, request.query)).map(toMessage),
  );

  api.get(
    '/api/notification-messages/figures',
    { config: { access: { permission: 'notification.read' } }, schema: { tags, summary: '通知发送统计 Counts by status: sent, retried, failed', querystring: figuresQuery, response: { 200: figuresSchema } } },
    async (request) => services.notifications.figures(request.actor!, request.query),
  );
}
