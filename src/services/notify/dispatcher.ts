/**
 * The outbox consumer (issue 14 §6), in two steps that several processes may run at once:
 *
 * 1. `consume`: claims outbox rows (SKIP LOCKED, with a lease), and for each, in ONE transaction,
 *    writes its messages (one per notice, channel and recipient, rendered from the template in
 *    force, whose version it records) and marks the row consumed. A process killed before that
 *    commit leaves the row unconsumed; after the lease another claims it. A row consumed twice
 *    cannot happen (the row is locked and checked), and if it did, the messages' unique keys hold.
 * 2. `send`: claims due messages, marks them `sending` (committed) before calling the provider,
 *    with the message id as the client reference, then records delivered, a temporary failure
 *    (retried after an exponential back-off) or a permanent one (the provider said so, or the
 *    attempts or the age ran out). A process killed mid-send leaves the message `sending`; after its
 *    lease it is sent again with the same reference, so the provider or receiver can tell.
 *
 * Rows older than the maximum age when first seen are consumed without a message: an SMS about a
 * step of last week is noise (the demo history writes such rows). A one-time code lives five
 * minutes; once its message is final, the code is masked in the message and blanked in the outbox.
 */
import { checkTemplate, maskPhone, notificationChannels, retryDelayMs, secretEvents, type NotificationChannel, type NotificationEvent, type WechatField } from '../../domain/notification-templates.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { MessageRecord, NewMessage, OutboxRow, TemplateRecord } from '../../repositories/notification.repository.ts';
import type { Clock } from '../actor.ts';
import { noticesOf, type Notice } from './events.ts';
import { createInvitation } from '../rating.service.ts';
import { ProviderError, type NotificationProvider } from './providers/provider.ts';

type Uses = (typeof NotificationDispatcher.repositories)[number];

export interface DispatchSettings {
  /** Outbox rows or messages taken per claim. */
  batchSize: number;
  /** How long a claim holds an outbox row or a `sending` message before another process may take it. */
  leaseMs: number;
  /** Attempts of one message before it is given up (a permanent failure). */
  maxAttempts: number;
  /** Age after which an event is no longer worth a message, and a message no longer worth a retry. */
  maxAgeMs: number;
  /** The same for one-time codes. */
  otpMaxAgeMs: number;
  /** Where rating invitations point: the rating page, to which `/<token>` is added (`<PUBLIC_ORIGIN>/rate`). */
  ratingLink: string;
  /** In [0, 1): spreads retries (tests and the benchmark fix it). */
  random: () => number;
}

export const defaultDispatchSettings: DispatchSettings = {
  batchSize: 20,
  leaseMs: 60_000,
  maxAttempts: 6,
  maxAgeMs: 24 * 3_600_000,
  otpMaxAgeMs: 5 * 60_000,
  ratingLink: '/rate',
  random: Math.random,
};

export interface ConsumeReport {
  claimed: number;
  consumed: number;
  messages: number;
  /** Rows whose consumption failed (given back for a retry). */
  failed: number;
}

export interface SendReport {
  claimed: number;
  delivered: number;
  /** Temporary failures that will be tried again. */
  retrying: number;
  /** Given up: permanent failures, attempts or age exhausted. */
  failed: number;
}

const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

export class NotificationDispatcher {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['notifications', 'ratings'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  readonly settings: DispatchSettings;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; settings?: Partial<DispatchSettings> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.settings = { ...defaultDispatchSettings, ...options.settings };
  }

  private maxAge(event: NotificationEvent | string): number {
    return secretEvents.includes(event as NotificationEvent) ? this.settings.otpMaxAgeMs : this.settings.maxAgeMs;
  }

  /** Claims one batch of outbox rows and consumes each (its messages written in the same transaction). */
  async consume(): Promise<ConsumeReport> {
    const now = this.clock.now();
    const rows = await this.uow.transaction((repos) => repos.notifications.claimOutbox(now, new Date(now.getTime() + this.settings.leaseMs), this.settings.batchSize));
    const report: ConsumeReport = { claimed: rows.length, consumed: 0, messages: 0, failed: 0 };
    if (rows.length === 0) return report;
    const templates = await this.uow.read.notifications.currentTemplates();
    for (const row of rows) {
      try {
        const written = await this.consumeRow(row, templates);
        if (written !== null) {
          report.consumed++;
          report.messages += written;
        }
      } catch (error) {
        report.failed++;
        await this.giveBack(row, error);
      }
    }
    return report;
  }

  /** The row's messages and its consumption, in one transaction; `null` when another consumer had already done it. */
  async consumeRow(row: OutboxRow, templates: readonly TemplateRecord[]): Promise<number | null> {
    return this.uow.transaction(async (repos) => {
      if (!(await repos.notifications.lockPendingOutbox(row.id))) return null;
      const now = this.clock.now();
      // Too old for any text (a demo history, a long outage): consumed without reading what it meant.
      const stale = now.getTime() - row.createdAt.getTime() > Math.max(this.settings.maxAgeMs, this.settings.otpMaxAgeMs);
      const ratingLink = async (caseId: string) => {
        const token = await createInvitation(repos, caseId, now);
        return token ? `${this.settings.ratingLink.replace(/\/+$/, '')}/${token}` : null;
      };
      const notices = stale ? [] : await noticesOf(repos.notifications, row, { ratingLink });
      const fresh = notices.filter((n) => now.getTime() - row.createdAt.getTime() <= this.maxAge(n.event));
      const messages = fresh.flatMap((notice) => this.messagesFor(row, notice, templates, now));
      const written = await repos.notifications.insertMessages(messages);
      const note = stale ? 'too old to send' : fresh.length < notices.length ? `${notices.length - fresh.length} notice(s) too old to send` : null;
      await repos.notifications.consumeOutbox(row.id, now, note);
      return written;
    });
  }

  /** One message per channel with an enabled template in force and a recipient on it. */
  private messagesFor(row: OutboxRow, notice: Notice, templates: readonly TemplateRecord[], at: Date): NewMessage[] {
    const out: NewMessage[] = [];
    for (const channel of notificationChannels) {
      const template = templates.find((t) => t.event === notice.event && t.channel === channel && t.enabled);
      if (!template) continue;
      const recipient = this.recipientOn(channel, notice);
      if (!recipient) continue;
      const check = checkTemplate({ event: notice.event, channel, body: template.body, fields: (template.fields ?? []) as WechatField[] }, notice.values);
      // A template that breaks its channel's limits with these values (a long item name) is recorded, not sent.
      const problem = check.problems.find((p) => !p.field.startsWith('fields') || channel === 'wechat');
      out.push({
        outboxId: row.id,
        sourceKey: notice.sourceKey,
        event: notice.event,
        channel,
        recipient: recipient.address,
        recipientDisplay: recipient.display,
        templateVersion: template.version,
        body: check.preview,
        fields: check.fields,
        params: notice.values,
        status: problem ? 'technical-failure' : 'pending',
        lastError: problem ? problem.message.zh : null,
        regionPath: notice.regionPath,
        departmentId: notice.departmentId,
        caseId: notice.caseId,
        at,
      });
    }
    return out;
  }

  /**
   * Whom a notice reaches on a channel: the applicant's mobile number by SMS. WeChat needs the
   * applicant's openid, which no account binds yet; an agent acting for the applicant is added here
   * when authorisations exist (issue 14 §5).
   */
  private recipientOn(channel: NotificationChannel, notice: Notice): { address: string; display: string } | null {
    if (channel !== 'sms') return null;
    const phone = notice.phone.replace(/[\s-]/g, '');
    return isMobile(phone) ? { address: phone, display: maskPhone(phone) } : null;
  }

  private async giveBack(row: OutboxRow, error: unknown): Promise<void> {
    const now = this.clock.now();
    const why = error instanceof Error ? error.message : String(error);
    await this.uow.transaction(async (repos) => {
      if (row.attempts >= this.settings.maxAttempts) {
        if (await repos.notifications.lockPendingOutbox(row.id)) await repos.notifications.consumeOutbox(row.id, now, `gave up after ${row.attempts} attempts: ${why}`.slice(0, 1000));
      } else {
        await repos.notifications.releaseOutbox(row.id, why, new Date(now.getTime() + retryDelayMs(row.attempts, this.settings.random())));
      }
    });
  }

  /** Claims one batch of due messages and sends each through `provider`. */
  async send(provider: NotificationProvider): Promise<SendReport> {
    const now = this.clock.now();
    const claimed = await this.uow.transaction((repos) => repos.notifications.claimDueMessages(now, new Date(now.getTime() + this.settings.leaseMs), this.settings.batchSize));
    const report: SendReport = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0 };
    for (const message of claimed) {
      const outcome = await this.sendOne(provider, message);
      if (outcome !== 'taken') report[outcome]++;
    }
    return report;
  }

  private async sendOne(provider: NotificationProvider, message: MessageRecord): Promise<'delivered' | 'retrying' | 'failed' | 'taken'> {
    const started = this.clock.now();
    if (started.getTime() - message.createdAt.getTime() > this.maxAge(message.event)) {
      await this.finish(message, { status: 'permanent-failure', provider: provider.name, error: 'expired: too old to send' });
      return 'failed';
    }
    // The lease runs from this send, not from the batch's claim (earlier sends of the batch may have been slow).
    if (!(await this.uow.transaction((repos) => repos.notifications.renewLease(message.id, message.attempts, new Date(started.getTime() + this.settings.leaseMs))))) return 'taken';
    try {
      const result = await provider.send({
        clientReference: message.id,
        event: message.event as NotificationEvent,
        channel: message.channel as NotificationChannel,
        to: message.recipient,
        body: message.body,
        params: message.params,
        fields: ((message.fields ?? []) as { key: string; value: string }[]).map((f) => ({ key: f.key, value: f.value })),
        templateVersion: message.templateVersion,
      });
      await this.finish(message, { status: 'delivered', provider: provider.name, providerReference: result.providerReference });
      return 'delivered';
    } catch (error) {
      const failure = error instanceof ProviderError ? error : new ProviderError('temporary', 'ERROR', error instanceof Error ? error.message : String(error));
      const error_ = `${failure.code}: ${failure.message}`.slice(0, 1000);
      const now = this.clock.now();
      const retryAt = new Date(now.getTime() + retryDelayMs(message.attempts, this.settings.random()));
      const outOfTime = retryAt.getTime() - message.createdAt.getTime() > this.maxAge(message.event);
      if (failure.kind === 'permanent' || message.attempts >= this.settings.maxAttempts || outOfTime) {
        const why = failure.kind === 'permanent' ? error_ : `gave up after ${message.attempts} attempts: ${error_}`;
        await this.finish(message, { status: 'permanent-failure', provider: provider.name, error: why });
        return 'failed';
      }
      await this.finish(message, { status: 'temporary-failure', provider: provider.name, error: error_, nextAttemptAt: retryAt });
      return 'retrying';
    }
  }

  /** Records an attempt's outcome; a final one of a one-time code masks the code and blanks it in the outbox. */
  private async finish(message: MessageRecord, outcome: { status: 'delivered' | 'temporary-failure' | 'permanent-failure'; provider: string; providerReference?: string | null; error?: string; nextAttemptAt?: Date }): Promise<void> {
    const at = this.clock.now();
    const final = outcome.status !== 'temporary-failure';
    const secret = secretEvents.includes(message.event as NotificationEvent);
    await this.uow.transaction(async (repos) => {
      const masked = final && secret ? maskSecrets(message) : {};
      const recorded = await repos.notifications.finishAttempt(message.id, message.attempts, { ...outcome, ...masked, at });
      if (recorded && final && secret) await repos.notifications.blankOutboxCode(message.outboxId);
    });
  }

  /**
   * Consumes and sends until nothing is left to do now (bounded, so one run ends): what the timer
   * runs, and what a test or the benchmark calls.
   */
  async runOnce(provider: NotificationProvider, maxBatches = 50): Promise<{ consume: ConsumeReport; send: SendReport }> {
    const consume: ConsumeReport = { claimed: 0, consumed: 0, messages: 0, failed: 0 };
    const send: SendReport = { claimed: 0, delivered: 0, retrying: 0, failed: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.consume();
      for (const k of Object.keys(consume) as (keyof ConsumeReport)[]) consume[k] += batch[k];
      if (batch.claimed < this.settings.batchSize) break;
    }
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.send(provider);
      for (const k of Object.keys(send) as (keyof SendReport)[]) send[k] += batch[k];
      if (batch.claimed < this.settings.batchSize) break;
    }
    return { consume, send };
  }
}

/** A message's body and values with its one-time code masked (`验证码******`). */
function maskSecrets(message: MessageRecord): { body: string; params: Record<string, string> } {
  const code = message.params.code ?? '';
  const body = code ? message.body.split(code).join('*'.repeat([...code].length)) : message.body;
  return { body, params: { ...message.params, code: '' } };
}
