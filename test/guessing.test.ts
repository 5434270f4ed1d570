/**
 * Public endpoints resist guessing (DESIGN §9): the progress query and sign-in count failed
 * attempts in the database, per secret and per client address, so every process sees the same
 * counts; staff can unlock a case's query by giving it a new password; TRUST_PROXY decides which
 * address a request is counted under.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../src/http/app.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { createServices } from '../src/main.ts';
import { demoPassword } from '../src/cli/demo.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const minute = 60_000;

function post(app: App, url: string, body: unknown, options: { ip?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: body as object, remoteAddress: options.ip ?? '127.0.0.1', headers: options.headers });
}

for (const backend of testBackends()) {
  describe(`guessing limits on the progress query (${backend.name})`, () => {
    let ctx: TestContext;
    const cases: { id: string; caseNo: string; queryPassword: string }[] = [];
    let unknownNo = 0;

    before(async () => {
      ctx = await createTestContext(backend);
      const frontdesk = await ctx.signIn('frontdesk');
      for (let i = 0; i < 3; i++) {
        const person = await ctx.request({
          method: 'POST',
          url: '/api/applicants',
          cookie: frontdesk,
          idempotencyKey: true,
          body: { kind: 'person', idNumber: idOf(`3709821980010110${i}`), name: `查询人${i}`, phone: `1390538010${i}`, address: '新泰市青云街道' },
        });
        assert.equal(person.statusCode, 201, person.body);
        const created = await ctx.request({
          method: 'POST',
          url: '/api/cases',
          cookie: frontdesk,
          idempotencyKey: true,
          body: { itemCode: '370982-MZ-004', applicantId: person.json().id, channel: 'window', materials: [], decision: 'correction' },
        });
        assert.equal(created.statusCode, 201, created.body);
        cases.push(created.json());
      }
    });
    after(() => ctx.close());

    const query = (caseNo: string, password: string, ip: string) => post(ctx.app, '/api/public/cases/query', { caseNo, password }, { ip });
    const wrong = (password: string) => (password === '000000' ? '000001' : '000000');
    const unknownCase = () => `370982209901${String(++unknownNo).padStart(9, '0')}`;

    test("a right password after four wrong ones still answers; five wrong ones lock the case's query, even for the right password, and say how to unlock", async () => {
      const [a, b] = cases;
      for (let i = 0; i < 4; i++) assert.equal((await query(a!.caseNo, wrong(a!.queryPassword), '10.0.0.1')).statusCode, 404);
      assert.equal((await query(a!.caseNo, a!.queryPassword, '10.0.0.1')).statusCode, 200, 'not locked yet: the right password answers');

      // The right answer cleared the count: five more wrong ones are needed, from any addresses.
      for (let i = 0; i < 5; i++) assert.equal((await query(a!.caseNo, wrong(a!.queryPassword), `10.0.1.${i}`)).statusCode, 404);
      const locked = await query(a!.caseNo, a!.queryPassword, '10.0.2.1');
      assert.equal(locked.statusCode, 429);
      const error = locked.json().error;
      assert.equal(error.code, 'RATE_LIMITED');
      assert.match(error.message, /暂时锁定.*请于 \d\d:\d\d（北京时间）后再试.*身份证件到任一服务窗口.*致电服务中心.*重置查询密码/);
      assert.match(error.messageEn, /locked.*Try again after \d\d:\d\d \(China time\).*bring your ID to any service window or call the service center.*reset the query password/);
      assert.equal(locked.headers['retry-after'], '1800');
      assert.equal(error.details.retryAfterSeconds, 1800);

      assert.equal((await query(b!.caseNo, b!.queryPassword, '10.0.2.1')).statusCode, 200, 'another case answers');
      ctx.clock.advance(30 * minute);
      assert.equal((await query(a!.caseNo, a!.queryPassword, '10.0.2.1')).statusCode, 200, 'the lock ends after 30 minutes');
    });

    test('each spent window doubles the next lock: 30 min, then 1 h', async () => {
      const c = cases[1]!;
      for (let i = 0; i < 5; i++) await query(c.caseNo, wrong(c.queryPassword), `10.0.3.${i}`);
      assert.equal((await query(c.caseNo, c.queryPassword, '10.0.3.9')).headers['retry-after'], '1800');
      ctx.clock.advance(30 * minute);
      for (let i = 0; i < 5; i++) assert.equal((await query(c.caseNo, wrong(c.queryPassword), `10.0.4.${i}`)).statusCode, 404);
      const again = await query(c.caseNo, c.queryPassword, '10.0.4.9');
      assert.equal(again.statusCode, 429);
      assert.equal(again.headers['retry-after'], '3600');
      ctx.clock.advance(60 * minute);
      assert.equal((await query(c.caseNo, c.queryPassword, '10.0.4.9')).statusCode, 200);
    });

    test('an unknown case number is answered and locked exactly like a known one, so answers never tell which exist', async () => {
      const known = cases[2]!;
      const unknown = unknownCase();
      const guess = wrong(known.queryPassword);
      const answers: string[] = [];
      for (const caseNo of [known.caseNo, unknown]) {
        const seen: string[] = [];
        for (let i = 0; i < 6; i++) {
          const response = await query(caseNo, guess, `10.0.5.${i}`);
          seen.push(`${response.statusCode} ${response.json().error.code} ${response.json().error.message.replace(/\d\d:\d\d/, 'hh:mm')}`);
        }
        answers.push(seen.join('\n'));
      }
      assert.equal(answers[0], answers[1]);
      assert.match(answers[0]!, /^404 NOT_FOUND .*\n(.*\n){4}429 RATE_LIMITED /);
      ctx.clock.advance(30 * minute);
    });

    test('staff reset the query password: the applicant gets a new one at once, the lock is lifted, it is audited; others may not', async () => {
      const c = cases[0]!;
      for (let i = 0; i < 5; i++) await query(c.caseNo, wrong(c.queryPassword), `10.0.6.${i}`);
      assert.equal((await query(c.caseNo, c.queryPassword, '10.0.6.9')).statusCode, 429);

      const url = `/api/cases/${c.id}/query-password`;
      for (const [username, status] of [
        ['guide', 403],
        ['reviewer.mz', 403],
        ['town.zhaizhen', 404],
      ] as const) {
        const refused = await ctx.request({ method: 'POST', url, cookie: await ctx.signIn(username), body: {}, idempotencyKey: true });
        assert.equal(refused.statusCode, status, `${username}: ${refused.body}`);
      }
      assert.equal((await ctx.request({ method: 'POST', url, cookie: await ctx.signIn('frontdesk'), body: {} })).statusCode, 400, 'a case action needs its Idempotency-Key');
      assert.equal((await query(c.caseNo, c.queryPassword, '10.0.6.9')).statusCode, 429, 'a refused reset lifts nothing');

      const key = randomUUID();
      const reset = await ctx.request({ method: 'POST', url, cookie: await ctx.signIn('frontdesk'), body: {}, idempotencyKey: key });
      assert.equal(reset.statusCode, 200, reset.body);
      const { queryPassword } = reset.json();
      assert.match(queryPassword, /^\d{6}$/);
      assert.deepEqual(reset.json(), { caseId: c.id, caseNo: c.caseNo, queryPassword });
      const replay = await ctx.request({ method: 'POST', url, cookie: await ctx.signIn('frontdesk'), body: {}, idempotencyKey: key });
      assert.deepEqual(replay.json(), { caseId: c.id, caseNo: c.caseNo, queryPassword: null }, 'a replay does not show the password again');
      const stored = await ctx.database.db.selectFrom('idempotency_keys').select('response').execute();
      assert.ok(!JSON.stringify(stored).includes(`"${queryPassword}"`), 'the new password is not kept for replays');

      const answered = await query(c.caseNo, queryPassword, '10.0.6.9');
      assert.equal(answered.statusCode, 200, 'unlocked at once, with the new password');
      if (queryPassword !== c.queryPassword) assert.equal((await query(c.caseNo, c.queryPassword, '10.0.6.9')).statusCode, 404, 'the old password no longer works');
      const view = await ctx.request({ method: 'GET', url: `/api/cases/${c.id}`, cookie: await ctx.signIn('frontdesk') });
      assert.equal(view.json().queryPassword, queryPassword, 'the case view shows the new password to the staff who print notices');
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'entity_id', 'payload']).where('action', '=', 'case.query_password_reset').execute();
      assert.deepEqual(
        audit.map((r) => [r.entity_id, (r.payload as { caseNo: string }).caseNo]),
        [[c.id, c.caseNo]],
      );
      c.queryPassword = queryPassword;

      const issuer = await ctx.request({ method: 'POST', url, cookie: await ctx.signIn('issuer'), body: {}, idempotencyKey: true });
      assert.equal(issuer.statusCode, 200, 'the issuance window may reset it too');
      c.queryPassword = issuer.json().queryPassword;
    });

    test('one client address: 20 failures in 15 minutes refuse that address (not others); its right answers never count', async () => {
      const c = cases[1]!;
      for (let i = 0; i < 30; i++) assert.equal((await query(c.caseNo, c.queryPassword, '10.1.0.1')).statusCode, 200);
      for (let i = 0; i < 20; i++) assert.equal((await query(unknownCase(), '123456', '10.1.0.1')).statusCode, 404, `failure ${i + 1}`);
      const refused = await query(c.caseNo, c.queryPassword, '10.1.0.1');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.json().error.message, /此网络地址查询失败次数过多,请于 \d\d:\d\d（北京时间）后再试/);
      assert.equal(refused.headers['retry-after'], '900');
      assert.equal((await query(c.caseNo, c.queryPassword, '10.1.0.2')).statusCode, 200, 'another address is not held up');
      ctx.clock.advance(15 * minute);
      assert.equal((await query(c.caseNo, c.queryPassword, '10.1.0.1')).statusCode, 200);
    });

    test('guesses sent all at once are each counted: of 20 parallel guesses at one case, 5 are checked and 15 refused', { skip: raceNeedsPostgres(backend) }, async () => {
      const c = cases[2]!;
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => query(c.caseNo, String(100_000 + i), `10.2.0.${i}`)));
      const statuses = responses.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [...Array(5).fill(404), ...Array(15).fill(429)]);
      ctx.clock.advance(60 * minute);
    });

    test('without TRUST_PROXY a forged X-Forwarded-For changes nothing: the socket address is counted', async () => {
      const c = cases[2]!;
      for (let i = 0; i < 20; i++) {
        const r = await post(ctx.app, '/api/public/cases/query', { caseNo: unknownCase(), password: '123456' }, { ip: '10.3.0.1', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
        assert.equal(r.statusCode, 404);
      }
      const refused = await post(ctx.app, '/api/public/cases/query', { caseNo: c.caseNo, password: c.queryPassword }, { ip: '10.3.0.1', headers: { 'x-forwarded-for': '198.51.100.200' } });
      assert.equal(refused.statusCode, 429);
      ctx.clock.advance(15 * minute);
    });

    test('with TRUST_PROXY=127.0.0.1 two clients behind the proxy are counted apart; a client that bypasses the proxy cannot forge its address', async () => {
      const proxied = await buildApp({ services: ctx.services, databaseKind: ctx.database.kind, version: 'test', trustProxy: ['127.0.0.1'] });
      try {
        const c = cases[2]!;
        const viaProxy = (client: string, caseNo: string, password: string) => post(proxied, '/api/public/cases/query', { caseNo, password }, { ip: '127.0.0.1', headers: { 'x-forwarded-for': client } });
        for (let i = 0; i < 20; i++) assert.equal((await viaProxy('203.0.113.1', unknownCase(), '123456')).statusCode, 404);
        assert.equal((await viaProxy('203.0.113.1', c.caseNo, c.queryPassword)).statusCode, 429, 'the guessing client is refused');
        assert.equal((await viaProxy('203.0.113.2', c.caseNo, c.queryPassword)).statusCode, 200, 'its neighbour behind the same proxy is not');

        for (let i = 0; i < 20; i++) {
          const direct = await post(proxied, '/api/public/cases/query', { caseNo: unknownCase(), password: '123456' }, { ip: '10.4.0.1', headers: { 'x-forwarded-for': `203.0.113.${100 + i}` } });
          assert.equal(direct.statusCode, 404);
        }
        const forged = await post(proxied, '/api/public/cases/query', { caseNo: c.caseNo, password: c.queryPassword }, { ip: '10.4.0.1', headers: { 'x-forwarded-for': '203.0.113.250' } });
        assert.equal(forged.statusCode, 429, 'X-Forwarded-For from an address that is not the proxy is ignored');
      } finally {
        await proxied.close();
      }
      ctx.clock.advance(15 * minute);
    });
  });

  describe(`guessing limits on sign-in (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const login = (username: string, password: string, ip = '10.9.0.1') => post(ctx.app, '/api/auth/login', { username, password }, { ip });

    test('after five failures an account waits 1 s, 2 s, 4 s …; the right password during the wait gets 429 with Retry-After; a success starts over', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await login('reviewer.rs', `guess-${i}`)).statusCode, 401, `failure ${i + 1}`);
      const waiting = await login('reviewer.rs', demoPassword);
      assert.equal(waiting.statusCode, 429, 'the right password does not get past the wait');
      assert.equal(waiting.headers['retry-after'], '1');
      assert.match(waiting.json().error.message, /该账号登录失败次数过多,请 1 秒后再试/);
      assert.equal(waiting.cookies.length, 0);
      ctx.clock.advance(1000);
      assert.equal((await login('reviewer.rs', 'guess-5')).statusCode, 401);
      assert.equal((await login('reviewer.rs', demoPassword)).headers['retry-after'], '2');
      ctx.clock.advance(2000);
      assert.equal((await login('reviewer.rs', 'guess-6')).statusCode, 401);
      assert.equal((await login('reviewer.rs', demoPassword)).headers['retry-after'], '4');
      ctx.clock.advance(4000);
      assert.equal((await login('reviewer.rs', demoPassword)).statusCode, 200);
      // Started over: five more failures before any wait.
      for (let i = 0; i < 4; i++) assert.equal((await login('reviewer.rs', `again-${i}`)).statusCode, 401);
      assert.equal((await login('reviewer.rs', demoPassword)).statusCode, 200);
    });

    test('the wait grows to at most 15 minutes, so hammering an account never locks its owner out for good', async () => {
      const waits: number[] = [];
      for (let i = 0; i < 40 && waits.at(-1) !== 900; i++) {
        const response = await login('reviewer.ga', `guess-${i}`, `10.9.1.${i}`);
        if (response.statusCode === 401) continue;
        assert.equal(response.statusCode, 429);
        waits.push(Number(response.headers['retry-after']));
        ctx.clock.advance(waits.at(-1)! * 1000);
      }
      assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]);
      assert.equal((await login('reviewer.ga', demoPassword, '10.9.1.99')).statusCode, 200, 'after the wait the owner signs in');
    });

    test('an unknown username is answered exactly like a known one, waits included', async () => {
      const answers = [];
      for (const username of ['reviewer.mz', 'no.such.user']) {
        const seen = [];
        for (let i = 0; i < 6; i++) {
          const response = await login(username, `guess-${i}`, '10.9.2.1');
          seen.push([response.statusCode, response.json().error.message, response.headers['retry-after'] ?? null]);
        }
        answers.push(seen);
      }
      assert.deepEqual(answers[0], answers[1]);
      assert.deepEqual(
        answers[0]!.map((a) => a[0]),
        [401, 401, 401, 401, 401, 429],
      );
      ctx.clock.advance(minute);
    });

    test('one address: correct sign-ins of a whole office never count; 30 failures refuse that address only, for 15 minutes', async () => {
      const office = ['admin', 'supervisor', 'guide', 'frontdesk', 'issuer', 'agent', 'town.zhaizhen', 'admin.mz', 'admin.zhaizhen', 'reviewer.scjg'];
      for (let i = 0; i < 50; i++) assert.equal((await login(office[i % office.length]!, demoPassword, '10.9.3.1')).statusCode, 200, `clerk ${i + 1}`);
      // Failures spread over many names, so no account's own back-off is what stops them.
      for (let i = 0; i < 30; i++) assert.equal((await login(`user${i % 6}.typo`, 'wrong', '10.9.3.1')).statusCode, 401, `failure ${i + 1}`);
      const refused = await login('admin', demoPassword, '10.9.3.1');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.json().error.message, /此网络地址登录失败次数过多/);
      assert.equal(refused.headers['retry-after'], '900');
      assert.equal((await login('admin', demoPassword, '10.9.3.2')).statusCode, 200, 'another address signs in');
      ctx.clock.advance(15 * minute);
      assert.equal((await login('admin', demoPassword, '10.9.3.1')).statusCode, 200);
    });

    test('twenty guesses at one account sent at once: five are checked, fifteen refused', { skip: raceNeedsPostgres(backend) }, async () => {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => login('supervisor', `parallel-${i}`, `10.9.4.${i}`)));
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [...Array(5).fill(401), ...Array(15).fill(429)]);
      ctx.clock.advance(minute);
    });
  });
}

const postgres = testBackends().find((b) => b.name === 'postgres');

describe('two processes share the counts', { skip: postgres ? false : 'needs PostgreSQL (TEST_DATABASE_URL)' }, () => {
  let ctx: TestContext;
  let second: { database: Database; app: App };

  before(async () => {
    ctx = await createTestContext(postgres!);
    // A second server process: its own pool, services and app over the same database.
    const database = await createDatabase({ databaseUrl: ctx.database.url!, poolSize: 2 });
    const services = createServices(database, ctx.clock, randomBytes(32));
    second = { database, app: await buildApp({ services, databaseKind: database.kind, version: 'test' }) };
  });
  after(async () => {
    await second?.app.close();
    await second?.database.close();
    await ctx?.close();
  });

  test('sign-in failures made through one process make the other wait', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await post(ctx.app, '/api/auth/login', { username: 'issuer', password: `guess-${i}` })).statusCode, 401);
    const other = await post(second.app, '/api/auth/login', { username: 'issuer', password: demoPassword });
    assert.equal(other.statusCode, 429);
    assert.equal(other.headers['retry-after'], '1');
  });

  test('query failures made through one process lock the case in the other', async () => {
    const caseNo = '370982209912310000001';
    for (let i = 0; i < 3; i++) assert.equal((await post(ctx.app, '/api/public/cases/query', { caseNo, password: '111111' }, { ip: `10.5.0.${i}` })).statusCode, 404);
    for (let i = 0; i < 2; i++) assert.equal((await post(second.app, '/api/public/cases/query', { caseNo, password: '111111' }, { ip: `10.5.1.${i}` })).statusCode, 404);
    assert.equal((await post(ctx.app, '/api/public/cases/query', { caseNo, password: '111111' }, { ip: '10.5.2.1' })).statusCode, 429, 'five failures, counted across both');
  });

  test('a route rate limit (appointment lookup, 20 a minute) counts the requests of both processes', async () => {
    const body = { code: 'ABCD1234', idNumber: idOf('37098219800101100') };
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await post(i % 2 ? second.app : ctx.app, '/api/appointments/lookup', body, { ip: '10.6.0.1' })).statusCode);
    assert.ok(
      statuses.slice(0, 20).every((s) => s !== 429),
      statuses.join(','),
    );
    assert.equal(statuses[20], 429);
  });
});
