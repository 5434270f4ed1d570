/**
 * The webhook signature (docs/PUSH.md): the receiver recomputes it with the subscription's secret
 * and compares, and refuses a timestamp far from its own clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the subscription's secret; timestamp in Unix seconds. */
export function pushSignature(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * A receiver's check (docs/PUSH.md has it for receivers to copy): the signature matches and the
 * timestamp is within `toleranceSeconds` of the receiver's clock (an old request replayed by
 * someone who saw it is refused).
 */
export function verifyPushSignature(secret: string, headers: { timestamp: string | undefined; signature: string | undefined }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(pushSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
