/**
 * The push job's work (issue 16 §4): fans new outbox rows out to the subscriptions that take them,
 * then posts the deliveries that are due, signed, and records each answer: 2xx delivered, anything
 * else tried again with back-off until it is a dead letter (src/domain/push.ts).
 *
 * Several processes may run it. The fan-out takes the cursor row with SKIP LOCKED (one process fans
 * out at a time; the cursor and the deliveries it writes commit together), and a delivery is claimed
 * with SKIP LOCKED and a lease longer than the request's timeout: two senders never post the same
 * delivery at once, and one that dies mid-request leaves it to be posted again after the lease.
 * Nothing is marked delivered before the receiver answered 2xx, so a crash can only repeat a
 * delivery (same `X-OneWindow-Delivery`: the receiver drops it), never lose one.
 */
import { isPushableEvent, nextPushAttempt, pushHeaders } from '../../domain/push.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { DeliveryToSend, PushEvent } from '../../repositories/push.repository.ts';
import type { Clock } from '../actor.ts';
import type { IdProtector } from '../id-protection.ts';
import { pushSignature } from './signature.ts';

type Uses = (typeof PushSender.repositories)[number];

export interface PushSettings {
  /** How long a receiver has to answer (default 10 s). */
  timeoutMs: number;
  /** Deliveries posted per run (default 50), at most `concurrency` at once (default 8). */
  batch: number;
  concurrency: number;
  /** Outbox rows read per fan-out step (default 500). */
  fanOutBatch: number;
  /** The waits after failed attempts and the attempts before a dead letter (src/domain/push.ts). */
  delaysMs?: readonly number[];
  maxAttempts?: number;
  random?: () => number;
}

const defaults: PushSettings = { timeoutMs: 10_000, batch: 50, concurrency: 8, fanOutBatch: 500 };

/** The JSON a receiver gets: the event, where it lies, and the outbox row's payload as `data`. */
export function pushBody(event: PushEvent): string {
  return JSON.stringify({
    id: event.outboxId,
    topic: event.topic,
    occurredAt: event.occurredAt.toISOString(),
    regionPath: event.regionPath,
    departmentId: event.departmentId,
    itemCode: event.itemCode,
    data: event.payload,
  });
}

export interface PushRun {
  fannedOut: { rows: number; deliveries: number };
  sent: { claimed: number; delivered: number; retrying: number; dead: number };
}

export class PushSender {
  static readonly repositories = ['push'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;
  private readonly settings: PushSettings;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector; settings?: Partial<PushSettings> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
    this.settings = { ...defaults, ...options.settings };
  }

  async runOnce(): Promise<PushRun> {
    const fannedOut = await this.fanOut();
    const sent = await this.sendDue();
    return { fannedOut, sent };
  }

  /**
   * Reads the outbox past the webhook cursor (finished transactions only) and writes the deliveries,
   * moving the cursor in the same transaction. Stops after 20 steps; the next run goes on.
   */
  async fanOut(): Promise<{ rows: number; deliveries: number }> {
    let rows = 0;
    let deliveries = 0;
    for (let step = 0; step < 20; step++) {
      const done = await this.uow.transaction(async (repos) => {
        const cursor = await repos.push.lockCursor('webhook');
        if (!cursor) return null;
        const batch = await repos.push.outboxAfter(cursor, this.settings.fanOutBatch);
        if (batch.length === 0) return null;
        const now = this.clock.now();
        const written = await repos.push.fanOut(
          batch.filter((b) => isPushableEvent(b.event.topic)).map((b) => b.event.outboxId),
          now,
        );
        await repos.push.moveCursor('webhook', batch[batch.length - 1]!.position, now);
        return { rows: batch.length, written };
      });
      if (!done) break;
      rows += done.rows;
      deliveries += done.written;
      if (done.rows < this.settings.fanOutBatch) break;
    }
    return { rows, deliveries };
  }

  /** Claims the due deliveries and posts them, a few at a time. */
  async sendDue(): Promise<PushRun['sent']> {
    const now = this.clock.now();
    // The lease outlasts the request's timeout by a minute: a sender still waiting on an answer is never overtaken.
    const claimed = await this.uow.read.push.claimDue(now, new Date(now.getTime() + this.settings.timeoutMs + 60_000), this.settings.batch);
    const result = { claimed: claimed.length, delivered: 0, retrying: 0, dead: 0 };
    const queue = [...claimed];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const outcome = await this.deliver(d);
        result[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, queue.length) }, worker));
    return result;
  }

  private async deliver(d: DeliveryToSend): Promise<'delivered' | 'retrying' | 'dead'> {
    const body = pushBody(d.event);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    let status: number | null = null;
    let error: string;
    try {
      const response = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'OneWindow-Push/1',
          [pushHeaders.event]: d.event.topic,
          [pushHeaders.delivery]: d.id,
          [pushHeaders.timestamp]: String(timestamp),
          [pushHeaders.signature]: pushSignature(this.ids.open(d.secretSealed), timestamp, body),
        },
        body,
        // A redirect is not a delivery: the receiver's URL is the one the department gave.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      status = response.status;
      // The answer's body is not kept or read beyond closing it: the log shows the status only.
      await response.body?.cancel();
      if (status >= 200 && status < 300) {
        await this.uow.read.push.markDelivered(d.id, status, this.clock.now());
        return 'delivered';
      }
      error = `HTTP ${status}`;
    } catch (cause) {
      error = failureText(cause, this.settings.timeoutMs);
    }
    const retryAt = nextPushAttempt(d.attempts, this.clock.now(), { delaysMs: this.settings.delaysMs, maxAttempts: this.settings.maxAttempts, random: this.settings.random });
    await this.uow.read.push.markFailed(d.id, status, error, retryAt);
    return retryAt ? 'retrying' : 'dead';
  }
}

/** What went wrong before any answer, in the log's words: fetch says "fetch failed"; the reason is in its cause. */
function failureText(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: Error & { code?: string; errors?: (Error & { code?: string })[] } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = e.cause?.errors?.[0] ?? e.cause;
  if (cause?.code) return `${cause.code}: ${cause.message}`;
  return cause?.message ?? e.message;
}
