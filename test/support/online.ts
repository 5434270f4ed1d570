/**
 * Signing applicants in on the online channel in tests, as a phone would: ask for a code, read it
 * where the SMS sender would (the outbox's `otp.requested` row), and sign in with it.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { applicantCookie } from '../../src/http/access.ts';
import type { TestContext } from './context.ts';

let addresses = 0;

/** A client address of its own for each caller, so per-address limits of one test do not reach another. */
export function nextAddress(): string {
  addresses++;
  return `198.51.100.${(addresses % 250) + 1}`;
}

/** Sends a request from `ip` (the in-process app takes the address from the socket). */
export function from(ctx: TestContext, ip: string, options: { method: 'GET' | 'POST' | 'DELETE'; url: string; body?: unknown; cookie?: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method: options.method,
    url: options.url,
    remoteAddress: ip,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

/** The newest code sent to `phone`, as the SMS sender reads it from the outbox. */
export async function codeSentTo(ctx: TestContext, phone: string): Promise<string> {
  const row = await ctx.database.db.selectFrom('outbox').select('payload').where('topic', '=', 'otp.requested').where(sql<string>`payload->>'phone'`, '=', phone).orderBy('id', 'desc').limit(1).executeTakeFirst();
  assert.ok(row, `a code was sent to ${phone}`);
  return (row.payload as { code: string }).code;
}

/** Signs `phone` in with a fresh code; returns the cookie header. */
export async function signInOnline(ctx: TestContext, phone: string, ip: string = nextAddress()): Promise<string> {
  const sent = await from(ctx, ip, { method: 'POST', url: '/api/applicant/codes', body: { phone, purpose: 'sign_in' } });
  assert.equal(sent.statusCode, 200, sent.body);
  const signedIn = await from(ctx, ip, { method: 'POST', url: '/api/applicant/sessions', body: { phone, code: await codeSentTo(ctx, phone) } });
  assert.equal(signedIn.statusCode, 200, signedIn.body);
  const cookie = signedIn.cookies.find((c) => c.name === applicantCookie);
  assert.ok(cookie, 'the session cookie is set');
  return `${applicantCookie}=${cookie.value}`;
}

/** Signs `phone` in and binds a name and resident ID; returns the cookie and the account. */
export async function boundOnline(ctx: TestContext, phone: string, name: string, residentId: string): Promise<{ cookie: string; applicantId: string }> {
  const cookie = await signInOnline(ctx, phone);
  const bound = await from(ctx, nextAddress(), { method: 'POST', url: '/api/applicant/me/identity', cookie, body: { name, residentId } });
  assert.equal(bound.statusCode, 200, bound.body);
  return { cookie, applicantId: bound.json().person.applicantId };
}
