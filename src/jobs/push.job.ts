/**
 * The push job (数据推送, issue 16 §4): every few seconds, fans new outbox events out to the
 * departments' subscriptions and posts the deliveries that are due (src/services/push/push-sender.ts);
 * with NATS_URL, also publishes the events to JetStream (src/services/push/nats-publisher.ts). Several
 * processes may run it: the cursors and deliveries are claimed with SKIP LOCKED and leases.
 */
import type { NatsPublisher } from '../services/push/nats-publisher.ts';
import type { PushSender } from '../services/push/push-sender.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export function schedulePush(sender: PushSender, intervalMs: number, log: JobLog): { stop(): void; runNow(): void } {
  return scheduleRepeating(
    'push',
    async () => {
      const { fannedOut, sent } = await sender.runOnce();
      if (fannedOut.deliveries + sent.claimed === 0) return null;
      return `push: ${fannedOut.rows} events read, ${fannedOut.deliveries} deliveries written; ${sent.delivered} delivered, ${sent.retrying} to retry, ${sent.dead} dead`;
    },
    intervalMs,
    log,
  );
}

export function scheduleNatsPublisher(publisher: NatsPublisher, intervalMs: number, log: JobLog): { stop(): void; runNow(): void } {
  const job = scheduleRepeating(
    'NATS publisher',
    async () => {
      const { published, duplicates } = await publisher.runOnce();
      if (published + duplicates === 0) return null;
      return `NATS: ${published} events published to ${publisher.settings.stream}${duplicates ? `, ${duplicates} duplicates dropped by the stream` : ''}`;
    },
    intervalMs,
    log,
  );
  return {
    runNow: job.runNow,
    stop() {
      job.stop();
      void publisher.close();
    },
  };
}
