/**
 * The `webhook` provider: POSTs each message as JSON to a URL (an SMS gateway of the province, a
 * message bus) with an HMAC-SHA256 signature over the timestamp and the body, so the receiver can
 * tell the sender and refuse replays of old requests:
 *
 *   X-OneWindow-Timestamp: 1765100000
 *   X-OneWindow-Signature: sha256=hex(HMAC_SHA256(secret, timestamp + "." + body))
 *   Idempotency-Key: <the message id, the same on every attempt>
 *
 * 2xx is delivered (a JSON answer's `id` is kept as the provider's reference); 408, 425, 429 and
 * 5xx, a timeout or a network error are temporary; any other status is permanent.
 */
import { createHmac } from 'node:crypto';
import { httpFailureKind, postWithTimeout, ProviderError, type NotificationProvider, type OutgoingMessage, type SendResult } from './provider.ts';

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  /** Seconds since the epoch (tests set it). */
  now?: () => number;
}

/** The signature header's value for a timestamp and a body. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookProvider(options: WebhookOptions): NotificationProvider {
  if (!options.secret) throw new Error('The webhook provider needs a secret (NOTIFY_WEBHOOK_SECRET)');
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return {
    name: 'webhook',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const body = JSON.stringify({
        id: message.clientReference,
        event: message.event,
        channel: message.channel,
        to: message.to,
        body: message.body,
        params: message.params,
        fields: message.fields,
        templateVersion: message.templateVersion,
      });
      const timestamp = String(now());
      const response = await postWithTimeout(
        options.url,
        {
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-onewindow-timestamp': timestamp,
            'x-onewindow-signature': webhookSignature(options.secret, timestamp, body),
            'idempotency-key': message.clientReference,
          },
          body,
        },
        options.timeoutMs ?? 10_000,
      );
      const text = await response.text().catch(() => '');
      if (!response.ok) throw new ProviderError(httpFailureKind(response.status), `HTTP ${response.status}`, `webhook answered ${response.status}: ${text.slice(0, 200)}`);
      let reference: string | null = null;
      try {
        const answer = JSON.parse(text) as { id?: unknown };
        if (typeof answer.id === 'string' || typeof answer.id === 'number') reference = String(answer.id);
      } catch {
        // An answer that is not JSON is still a delivery.
      }
      return { providerReference: reference };
    },
  };
}
