/**
 * What sends a message: one interface for every provider (the log, a signed webhook, an SMS
 * vendor), so the consumer neither knows nor cares which one runs. A provider answers with its
 * reference for the message, or throws a `ProviderError` that says whether trying again may help.
 */
import type { NotificationChannel, NotificationEvent } from '../../../domain/notification-templates.ts';

export interface OutgoingMessage {
  /** The message's id: the same on every attempt, so a provider (or the receiver) recognises a re-send after a crash. */
  clientReference: string;
  event: NotificationEvent;
  channel: NotificationChannel;
  /** Where it goes: a mobile number for SMS. */
  to: string;
  /** The text as rendered. */
  body: string;
  /** The values put into the template (vendors with registered templates send these, not the text). */
  params: Record<string, string>;
  /** WeChat: the subscribe message's fields. */
  fields: { key: string; value: string }[];
  templateVersion: number;
}

export interface SendResult {
  /** The provider's id for the message (its BizId, a webhook's answer), if it gave one. */
  providerReference: string | null;
}

export type FailureKind = 'temporary' | 'permanent';

/** A send that failed: `temporary` ones are tried again after a back-off, `permanent` ones never. */
export class ProviderError extends Error {
  readonly kind: FailureKind;
  /** The provider's own code (`isv.MOBILE_NUMBER_ILLEGAL`, `HTTP 503`). */
  readonly code: string;

  constructor(kind: FailureKind, code: string, message: string) {
    super(message);
    this.name = 'ProviderError';
    this.kind = kind;
    this.code = code;
  }
}

export interface NotificationProvider {
  /** Recorded on each message (`log`, `webhook`, `aliyun`). */
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
}

/**
 * An HTTP status as a failure kind: the receiver being busy, down or slow may pass; a request it
 * refuses will be refused again.
 */
export function httpFailureKind(status: number): FailureKind {
  return status >= 500 || status === 408 || status === 425 || status === 429 ? 'temporary' : 'permanent';
}

/** POSTs with a time limit; a network error or a timeout is a temporary failure. */
export async function postWithTimeout(url: string, init: { headers: Record<string, string>; body: string }, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { method: 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new ProviderError('temporary', error instanceof Error && error.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK', `${url}: ${why}`);
  }
}
