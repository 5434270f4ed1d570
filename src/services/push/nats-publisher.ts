/**
 * The optional JetStream publisher (issue 16 §4, NATS_URL): a province that fans events out to
 * many systems reads them from one stream instead of holding a webhook per system. Every event of
 * the families that may leave the platform (src/domain/push.ts) is published to the stream
 * (`ONEWINDOW` unless NATS_STREAM says otherwise) on subject `onewindow.<topic>`, with the outbox
 * id as the message id (`Nats-Msg-Id`).
 *
 * At least once, in outbox order: the publisher reads past its own cursor (`push_cursors` row
 * `nats`, finished transactions only: see the push repository), publishes, and moves the cursor
 * only over events the stream acknowledged. A process that dies between the acknowledgement and
 * the cursor's move publishes them again; the stream drops them as duplicates of the same message
 * id (within its duplicate window, two hours for a stream made here). Several processes may run
 * it: the cursor is leased, so one publishes at a time.
 */
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { isPushableEvent } from '../../domain/push.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { Clock } from '../actor.ts';
import { pushBody } from './push-sender.ts';

type Uses = (typeof NatsPublisher.repositories)[number];

export interface NatsSettings {
  /** NATS_URL, e.g. nats://127.0.0.1:4222 (several, comma-separated). */
  url: string;
  /** NATS_STREAM (default ONEWINDOW). */
  stream: string;
  /** Subjects are `<prefix>.<topic>` (default onewindow). */
  subjectPrefix: string;
  /** Events read per run (default 500). */
  batch: number;
}

/** The subject an outbox topic is published on. */
export function natsSubject(prefix: string, topic: string): string {
  return `${prefix}.${topic}`;
}

export class NatsPublisher {
  static readonly repositories = ['push'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  readonly settings: NatsSettings;
  private connection: Promise<{ nc: NatsConnection; js: JetStreamClient }> | null = null;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; settings: Pick<NatsSettings, 'url'> & Partial<NatsSettings> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.settings = { stream: 'ONEWINDOW', subjectPrefix: 'onewindow', batch: 500, ...options.settings };
  }

  /** Connects once and makes the stream when it is missing (one that exists is left as the province set it up). */
  private connected(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    this.connection ??= (async () => {
      const nc = await connect({ servers: this.settings.url.split(',').map((s) => s.trim()), name: 'onewindow-push' });
      try {
        const jsm = await jetstreamManager(nc);
        try {
          await jsm.streams.info(this.settings.stream);
        } catch {
          await jsm.streams.add({ name: this.settings.stream, subjects: [`${this.settings.subjectPrefix}.>`], duplicate_window: nanos(2 * 3_600_000) });
        }
        return { nc, js: jetstream(nc) };
      } catch (error) {
        await nc.close();
        throw error;
      }
    })();
    this.connection.catch(() => {
      this.connection = null;
    });
    return this.connection;
  }

  /** Publishes what lies past the cursor; returns how many events were published (and how many were duplicates). */
  async runOnce(): Promise<{ published: number; duplicates: number; skipped: number }> {
    const { js } = await this.connected();
    const now = this.clock.now();
    // Longer than a batch's publishing takes (each publish times out after 5 s, all run at once).
    const lease = new Date(now.getTime() + 60_000);
    const cursor = await this.uow.read.push.leaseCursor('nats', now, lease);
    if (!cursor) return { published: 0, duplicates: 0, skipped: 0 };
    const result = { published: 0, duplicates: 0, skipped: 0 };
    try {
      const rows = await this.uow.read.push.outboxAfter(cursor, this.settings.batch);
      const acks = await Promise.allSettled(
        rows.map((r) => (isPushableEvent(r.event.topic) ? js.publish(natsSubject(this.settings.subjectPrefix, r.event.topic), pushBody(r.event), { msgID: r.event.outboxId, timeout: 5_000 }) : Promise.resolve(null))),
      );
      // The cursor moves over the acknowledged events up to the first that was not: that one and
      // those after it are published again next run (the stream drops the ones it already has).
      let reached = cursor;
      let failure: unknown = null;
      for (const [i, ack] of acks.entries()) {
        if (ack.status === 'rejected') {
          failure = ack.reason;
          break;
        }
        if (ack.value === null) result.skipped++;
        else if (ack.value.duplicate) result.duplicates++;
        else result.published++;
        reached = rows[i]!.position;
      }
      if (reached !== cursor) await this.uow.read.push.moveCursor('nats', reached, this.clock.now(), lease);
      else await this.uow.read.push.releaseCursor('nats', lease);
      if (failure) throw failure;
      return result;
    } catch (error) {
      await this.uow.read.push.releaseCursor('nats', lease);
      throw error;
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (connection) await (await connection.catch(() => null))?.nc.close();
  }
}
