/**
 * Notification templates and the message log, for administrators (templates: `notification.manage`)
 * and supervisors (the log: `notification.read`). Templates are platform-wide: only a grant at a
 * root region edits them; every edit is a new version, checked against its channel's limits.
 */
import { chinaDayStart } from '../../domain/china-time.ts';
import { AppError } from '../../domain/errors.ts';
import { checkTemplate, type NotificationChannel, type NotificationEvent, type TemplateCheck, type TemplateDraft, type WechatField } from '../../domain/notification-templates.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { MessageRecord, TemplateRecord } from '../../repositories/notification.repository.ts';
import { assertMay, assertMayAnywhere, scopesFor, type Actor, type Clock } from '../actor.ts';
import { performWrite, type WriteOptions } from '../write.ts';

type Uses = (typeof NotificationService.repositories)[number];

export interface TemplateView extends TemplateRecord {
  check: TemplateCheck;
}

export interface MessageQuery {
  status?: string;
  event?: string;
  /** A China day, `YYYY-MM-DD`. */
  day?: string;
  limit: number;
  offset: number;
}

export interface MessageFigures {
  byStatus: Record<string, number>;
  /** Messages delivered, retried (needed more than one attempt) and failed (permanent or technical). */
  sent: number;
  retried: number;
  failed: number;
  total: number;
}

export class NotificationService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['notifications', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  async listTemplates(actor: Actor): Promise<TemplateView[]> {
    assertMayAnywhere(actor, 'notification.manage');
    return (await this.uow.read.notifications.currentTemplates()).map((t) => ({ ...t, check: checkTemplate(toDraft(t)) }));
  }

  async templateHistory(actor: Actor, event: NotificationEvent, channel: NotificationChannel): Promise<TemplateRecord[]> {
    assertMayAnywhere(actor, 'notification.manage');
    return this.uow.read.notifications.templateHistory(event, channel);
  }

  /** The draft rendered with sample data: its length, SMS segments, fields and problems. Nothing is saved. */
  preview(actor: Actor, draft: TemplateDraft): TemplateCheck {
    assertMayAnywhere(actor, 'notification.manage');
    return checkTemplate(draft);
  }

  /** Saves the next version of a template, refused (with every problem, by field) when it breaks a rule. */
  async saveTemplate(options: WriteOptions, draft: TemplateDraft & { enabled: boolean }): Promise<TemplateView> {
    assertMayAnywhere(options.actor, 'notification.manage');
    for (const root of (await this.uow.read.org.listRegions()).filter((r) => r.parentCode === null)) assertMay(options.actor, 'notification.manage', { regionPath: root.path });
    const check = checkTemplate(draft);
    if (check.problems.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: `模板不符合要求:${check.problems.map((p) => p.message.zh).join(';')}`, en: `The template breaks a rule: ${check.problems.map((p) => p.message.en).join('; ')}` },
        check.problems.map((p) => ({ field: p.field, message: p.message.zh, messageEn: p.message.en })),
      );
    }
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const version = await repos.notifications.addTemplateVersion({
        event: draft.event,
        channel: draft.channel,
        body: draft.body.trim(),
        fields: draft.fields,
        enabled: draft.enabled,
        updatedBy: options.actor.kind === 'staff' ? options.actor.id : null,
        at: now,
      });
      await record({
        action: 'notification.template_saved',
        entityType: 'notification_template',
        entityId: `${draft.event}:${draft.channel}`,
        payload: { event: draft.event, channel: draft.channel, version, enabled: draft.enabled },
        scope: null,
      });
      const saved = (await repos.notifications.templateHistory(draft.event, draft.channel))[0]!;
      return { ...saved, check };
    });
  }

  private filterOf(actor: Actor, query: Omit<MessageQuery, 'limit' | 'offset'>) {
    assertMayAnywhere(actor, 'notification.read');
    const from = query.day ? chinaDayStart(query.day) : undefined;
    return { scopes: scopesFor(actor, 'notification.read'), status: query.status, event: query.event, from, to: from && new Date(from.getTime() + 86_400_000) };
  }

  /** The message log, newest first, within the actor's grants (a case's region and department, an appointment's center; messages of neither, such as sign-in codes: root grants only). */
  async listMessages(actor: Actor, query: MessageQuery): Promise<MessageRecord[]> {
    return this.uow.read.notifications.listMessages(this.filterOf(actor, query), query.limit, query.offset);
  }

  /** Counts by status and the figures the screen shows (sent, retried, failed). */
  async figures(actor: Actor, query: Omit<MessageQuery, 'limit' | 'offset' | 'status'>): Promise<MessageFigures> {
    const counted = await this.uow.read.notifications.countMessages(this.filterOf(actor, query));
    const n = (s: string) => counted.byStatus[s] ?? 0;
    return { byStatus: counted.byStatus, sent: n('delivered'), retried: counted.retried, failed: n('permanent-failure') + n('technical-failure'), total: counted.total };
  }
}

export function toDraft(t: Pick<TemplateRecord, 'event' | 'channel' | 'body' | 'fields'>): TemplateDraft {
  return { event: t.event as NotificationEvent, channel: t.channel as NotificationChannel, body: t.body, fields: (t.fields ?? []) as WechatField[] };
}
