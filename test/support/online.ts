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
export function from(ctx: TestContext, ip: string, options: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; body?: unknown; cookie?: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
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

/**
 * A business registered online by its legal representative, with one handler added: for tests
 * that need the records behind the business routes (the permission matrices).
 */
export async function onlineBusiness(ctx: TestContext, serial: string): Promise<{ organisationId: string; handlerId: string; representative: string; handler: string; representativeId: string; representativeIdNumber: string }> {
  const { usccCheckChar } = await import('../../src/domain/uscc.ts');
  const { residentIdCheckChar } = await import('../../src/domain/resident-id.ts');
  const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
  const representativeIdNumber = idOf(`370982${1970 + (Number(serial) % 30)}0101${serial}1`);
  const rep = await boundOnline(ctx, `13500000${serial}1`, '孙立', representativeIdNumber);
  const handler = await boundOnline(ctx, `13500000${serial}2`, '周红', idOf(`370982${1980 + (Number(serial) % 30)}0202${serial}2`));
  const first17 = `91370982MA3W${serial}KJ0`;
  const registered = await from(ctx, nextAddress(), { method: 'POST', url: '/api/applicant/businesses', cookie: rep.cookie, body: { uscc: first17 + usccCheckChar(first17), name: `新泰市网办测试${serial}有限公司` } });
  assert.equal(registered.statusCode, 201, registered.body);
  const organisationId = registered.json().applicantId as string;
  const added = await from(ctx, nextAddress(), { method: 'POST', url: `/api/applicant/businesses/${organisationId}/handlers`, cookie: rep.cookie, body: { phone: `13500000${serial}2` } });
  assert.equal(added.statusCode, 201, added.body);
  return { organisationId, handlerId: added.json().id, representative: rep.cookie, handler: handler.cookie, representativeId: rep.applicantId, representativeIdNumber };
}
