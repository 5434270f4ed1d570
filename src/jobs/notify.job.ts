/**
 * The notification job: consumes the outbox and sends what is due, every few seconds, one run at
 * a time in this process. Several processes may run it: rows and messages are claimed with SKIP
 * LOCKED and leases, so none is sent twice and none is lost when a process dies.
 */
import type { NotificationDispatcher } from '../services/notify/dispatcher.ts';
import type { NotificationProvider } from '../services/notify/providers/provider.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

/** Announced (NOTIFY, at commit) when a sign-in code is written to the outbox (trigger of migration 0016). */
export const notifyChannel = 'onewindow_notify';

/**
 * Runs the consumer now and then every `intervalMs` through `provider`; `stop()` ends it, `runNow()`
 * runs it at once (`serve` calls it when a sign-in code is written: `notifyChannel`).
 */
export function scheduleNotifications(dispatcher: NotificationDispatcher, provider: NotificationProvider, intervalMs: number, log: JobLog): { stop(): void; runNow(): void } {
  return scheduleRepeating(
    'notifications',
    async () => {
      const { consume, send } = await dispatcher.runOnce(provider);
      if (consume.messages + send.claimed + consume.failed === 0) return null;
      return `notifications: ${consume.consumed} events consumed, ${consume.messages} messages written; ${send.delivered} delivered, ${send.retrying} to retry, ${send.failed} failed (${provider.name})`;
    },
    intervalMs,
    log,
  );
}
