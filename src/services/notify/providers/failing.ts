/**
 * A provider that fails a share of sends, temporarily or permanently, around another one: for the
 * benchmark and the tests of retries only (never configured by the environment). The draw is
 * seeded, so a run can be repeated.
 */
import { ProviderError, type NotificationProvider, type OutgoingMessage, type SendResult } from './provider.ts';

export interface FailingOptions {
  /** Share of sends failing temporarily (0..1). */
  temporary: number;
  /** Share failing permanently (0..1). */
  permanent: number;
  seed?: number;
}

/** mulberry32: a small seeded generator. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function failingProvider(inner: NotificationProvider, options: FailingOptions): NotificationProvider & { counts: { sent: number; temporary: number; permanent: number } } {
  const draw = seeded(options.seed ?? 1);
  const counts = { sent: 0, temporary: 0, permanent: 0 };
  return {
    name: `failing(${inner.name})`,
    counts,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const roll = draw();
      if (roll < options.permanent) {
        counts.permanent++;
        throw new ProviderError('permanent', 'SIMULATED_PERMANENT', 'simulated permanent failure (e.g. a number that does not exist)');
      }
      if (roll < options.permanent + options.temporary) {
        counts.temporary++;
        throw new ProviderError('temporary', 'SIMULATED_TEMPORARY', 'simulated temporary failure (e.g. the provider throttling)');
      }
      counts.sent++;
      return inner.send(message);
    },
  };
}
