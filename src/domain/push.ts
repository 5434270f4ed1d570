/**
 * 信息双推送 (issue 16 §4): which events leave the platform, how a subscription names them, how a
 * webhook is signed, and when a failed delivery is tried again. Pure functions (the web app reads
 * them too); the signature is in src/services/push/signature.ts.
 */
/**
 * The families of events a department may receive: the work on its own records. Other outbox
 * topics never leave: sign-in codes (`otp.requested`), SMS texts with phone numbers
 * (`notification.sms`), authorisations carrying the applicant's phone, the hall's calls.
 */
export const pushTopicFamilies = ['case', 'licence', 'rating', 'complaint', 'rectification'] as const;
export type PushTopicFamily = (typeof pushTopicFamilies)[number];

export const pushTopicFamilyLabels: Record<PushTopicFamily, { zh: string; en: string }> = {
  case: { zh: '办件', en: 'Cases' },
  licence: { zh: '证照', en: 'Licences' },
  rating: { zh: '好差评', en: 'Ratings' },
  complaint: { zh: '诉求件', en: 'Complaints' },
  rectification: { zh: '差评整改', en: 'Rectifications' },
};

const topicPattern = new RegExp(`^(${pushTopicFamilies.join('|')})\\.(\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)*)$`);

/** A subscription's topic: one event (`case.accept`) or a family (`case.*`). */
export function isPushTopic(topic: string): boolean {
  return topicPattern.test(topic);
}

/** Whether an outbox topic may leave the platform at all (the NATS publisher's filter too). */
export function isPushableEvent(topic: string): boolean {
  return pushTopicFamilies.some((family) => topic.startsWith(`${family}.`));
}

/** Whether a subscription's topics take this event (the SQL of the fan-out says the same). */
export function topicMatches(topics: readonly string[], topic: string): boolean {
  return topics.some((t) => t === topic || (t.endsWith('.*') && topic.startsWith(t.slice(0, -1))));
}

/** The headers a receiver reads. */
export const pushHeaders = {
  event: 'X-OneWindow-Event',
  delivery: 'X-OneWindow-Delivery',
  timestamp: 'X-OneWindow-Timestamp',
  signature: 'X-OneWindow-Signature',
} as const;

/**
 * The waits after a failed attempt: 30 s, 2 min, 10 min, 30 min, 2 h, 6 h, 12 h. The eighth failed
 * attempt makes the delivery a dead letter (about 21 hours after the first), which a department
 * administrator may send again.
 */
export const pushRetryDelaysMs = [30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000] as const;
export const pushMaxAttempts = pushRetryDelaysMs.length + 1;

/**
 * When to try again after `attempts` failed attempts, or `null` when that was the last. Jitter of
 * ±20% keeps receivers that came back from being hit by every waiting delivery at once.
 */
export function nextPushAttempt(attempts: number, now: Date, options: { delaysMs?: readonly number[]; maxAttempts?: number; random?: () => number } = {}): Date | null {
  const delays = options.delaysMs ?? pushRetryDelaysMs;
  const max = options.maxAttempts ?? pushMaxAttempts;
  if (attempts >= max) return null;
  const base = delays[Math.min(attempts, delays.length) - 1] ?? delays[delays.length - 1] ?? 30_000;
  const factor = 0.8 + 0.4 * (options.random ?? Math.random)();
  return new Date(now.getTime() + Math.round(base * factor));
}

export type PushDeliveryState = 'pending' | 'delivered' | 'dead';
export const pushDeliveryStates = ['pending', 'delivered', 'dead'] as const;
export const pushDeliveryStateLabels: Record<PushDeliveryState, { zh: string; en: string }> = {
  pending: { zh: '待推送', en: 'Pending' },
  delivered: { zh: '已送达', en: 'Delivered' },
  dead: { zh: '推送失败(死信)', en: 'Dead letter' },
};

/**
 * A receiver's URL: http or https, no user name or password in it (the signature, not the URL,
 * proves the sender). Plain http is allowed for the government intranet (电子政务外网), where many
 * departments' systems listen; docs/PUSH.md recommends https.
 */
export function pushUrlProblem(url: string): { zh: string; en: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { zh: '推送地址不是有效的网址', en: 'The URL is not valid' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { zh: '推送地址须以 https:// 或 http:// 开头', en: 'The URL must start with https:// or http://' };
  if (parsed.username || parsed.password) return { zh: '推送地址不能包含用户名或密码', en: 'The URL must not hold a user name or password' };
  return null;
}
