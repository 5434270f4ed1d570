/**
 * The online channel's identity (一网通办), on both databases: one-time codes (hashed, expiring,
 * five wrong tries, used once, limited per number and per client address), sign-in and out, the
 * real-name binding (GB 11643, sealed, once, one account per person), and businesses acting
 * through their legal representative and the handlers the representative adds and removes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv } from '../src/main.ts';
import { usccCheckChar } from '../src/domain/uscc.ts';
import { applicantCookie } from '../src/http/access.ts';
import { idOf } from './support/case-steps.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { boundOnline, codeSentTo, from, nextAddress, signInOnline } from './support/online.ts';

const minute = 60_000;
const usccOf = (first17: string) => first17 + usccCheckChar(first17)!;

for (const backend of testBackends()) {
  describe(`online identity: codes and sign-in (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const sendCode = (phone: string, ip: string, purpose = 'sign_in') => from(ctx, ip, { method: 'POST', url: '/api/applicant/codes', body: { phone, purpose } });
    const signIn = (phone: string, code: string, ip: string) => from(ctx, ip, { method: 'POST', url: '/api/applicant/sessions', body: { phone, code } });

    test('a code is sent the same way to any number, kept only hashed, and leaves through the outbox; no code in the answer in production', async () => {
      assert.equal(configFromEnv({}).exposeCodes, false, 'the server does not expose codes unless serve --demo says so');
      assert.equal(ctx.services.onlineAccounts.exposeCodes, false);
      const ip = nextAddress();
      const sent = await sendCode('13800000001', ip);
      assert.equal(sent.statusCode, 200, sent.body);
      const answer = sent.json();
      assert.deepEqual(Object.keys(answer).sort(), ['expiresAt', 'resendAfterSeconds', 'sent']);
      assert.equal(answer.resendAfterSeconds, 60);
      assert.equal(Date.parse(answer.expiresAt) - ctx.clock.now().getTime(), 5 * minute);
      const code = await codeSentTo(ctx, '13800000001');
      assert.match(code, /^\d{6}$/);
      const rows = await ctx.database.db.selectFrom('one_time_codes').selectAll().where('phone', '=', '13800000001').execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(code) || rows[0]!.code_hash.length === 64, 'only a hash is kept');
      assert.notEqual(rows[0]!.code_hash, code);
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'payload']).where('action', '=', 'online.code_requested').execute();
      assert.ok(audit.length >= 1);
      assert.ok(!JSON.stringify(audit).includes(code), 'the audit row never holds the code');
      assert.ok(!JSON.stringify(audit).includes('13800000001'), 'nor the whole number');

      // An account that exists answers exactly alike.
      await signIn('13800000001', code, ip);
      ctx.clock.advance(minute + 1000);
      const again = await sendCode('13800000001', nextAddress());
      assert.deepEqual(Object.keys(again.json()).sort(), Object.keys(answer).sort());
      const badPhone = await sendCode('12345', ip);
      assert.equal(badPhone.statusCode, 400);
      assert.match(badPhone.json().error.message, /11位手机号码/);
    });

    test('per number: one code a minute and ten a day; per client address: thirty an hour', async () => {
      const phone = '13800000002';
      assert.equal((await sendCode(phone, nextAddress())).statusCode, 200);
      const soon = await sendCode(phone, nextAddress());
      assert.equal(soon.statusCode, 429, 'a second code within the minute is refused, from any address');
      assert.match(soon.json().error.message, /秒后再试/);
      assert.ok(Number(soon.headers['retry-after']) > 0 && Number(soon.headers['retry-after']) <= 60);
      for (let i = 2; i <= 10; i++) {
        ctx.clock.advance(minute + 1000);
        assert.equal((await sendCode(phone, nextAddress())).statusCode, 200, `code ${i} of the day`);
      }
      ctx.clock.advance(minute + 1000);
      const eleventh = await sendCode(phone, nextAddress());
      assert.equal(eleventh.statusCode, 429);
      assert.match(eleventh.json().error.message, /今日获取验证码次数已达上限/);

      const ip = nextAddress();
      for (let i = 0; i < 30; i++) assert.equal((await sendCode(`1370000${String(i).padStart(4, '0')}`, ip)).statusCode, 200, `number ${i} from one address`);
      const flood = await sendCode('13700009999', ip);
      assert.equal(flood.statusCode, 429);
      assert.match(flood.json().error.message, /此网络地址获取验证码过于频繁/);
      assert.equal((await sendCode('13700009999', nextAddress())).statusCode, 200, 'the number itself is not held up from elsewhere');
    });

    test('a wrong code counts against it: five and it is dead, even for the right code; a code expires after five minutes and is used once; only the newest counts', async () => {
      const ip = nextAddress();
      const phone = '13800000003';
      await sendCode(phone, ip);
      const code = await codeSentTo(ctx, phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const first = await signIn(phone, wrong, ip);
      assert.equal(first.statusCode, 400);
      assert.equal(first.json().error.code, 'CODE_INVALID');
      assert.match(first.json().error.message, /还可再试 4 次/);
      for (let i = 0; i < 4; i++) await signIn(phone, wrong, ip);
      const dead = await signIn(phone, code, ip);
      assert.equal(dead.statusCode, 400, 'the right code after five wrong ones');
      assert.match(dead.json().error.message, /已失效/);

      ctx.clock.advance(minute + 1000);
      await sendCode(phone, ip);
      const expiring = await codeSentTo(ctx, phone);
      ctx.clock.advance(5 * minute + 1000);
      assert.equal((await signIn(phone, expiring, ip)).statusCode, 400, 'expired');

      await sendCode(phone, ip);
      const older = await codeSentTo(ctx, phone);
      ctx.clock.advance(minute + 1000);
      await sendCode(phone, ip);
      const newest = await codeSentTo(ctx, phone);
      if (older !== newest) assert.equal((await signIn(phone, older, ip)).statusCode, 400, 'an older code no longer counts');
      const ok = await signIn(phone, newest, ip);
      assert.equal(ok.statusCode, 200, ok.body);
      const reused = await signIn(phone, newest, ip);
      assert.equal(reused.statusCode, 400, 'a code is used once');
      assert.equal(reused.json().error.code, 'CODE_INVALID');
    });

    test('per client address: thirty wrong codes in fifteen minutes hold the address up', async () => {
      const ip = nextAddress();
      for (let i = 0; i < 30; i++) {
        const response = await signIn(`1360000${String(i).padStart(4, '0')}`, '123456', ip);
        assert.equal(response.statusCode, 400);
      }
      const held = await signIn('13600009999', '123456', ip);
      assert.equal(held.statusCode, 429);
      assert.match(held.json().error.message, /验证码错误次数过多/);
    });

    test('sign-in makes the account once, sets an HttpOnly SameSite cookie, and sign-out ends the session', async () => {
      const phone = '13800000004';
      const ip = nextAddress();
      await sendCode(phone, ip);
      const signedIn = await signIn(phone, await codeSentTo(ctx, phone), ip);
      assert.equal(signedIn.statusCode, 200, signedIn.body);
      const cookie = signedIn.cookies.find((c) => c.name === applicantCookie)!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      const tokenRows = await ctx.database.db.selectFrom('applicant_sessions').select('token_hash').execute();
      assert.ok(!tokenRows.some((r) => r.token_hash === cookie.value), 'the token is kept hashed');
      const header = `${applicantCookie}=${cookie.value}`;
      const me = await from(ctx, ip, { method: 'GET', url: '/api/applicant/me', cookie: header });
      assert.equal(me.statusCode, 200);
      assert.deepEqual([me.json().phone, me.json().binding, me.json().person], [phone, 'unbound', null]);

      const accounts = async () => (await ctx.database.db.selectFrom('online_accounts').select('id').where('phone', '=', phone).execute()).length;
      assert.equal(await accounts(), 1);
      await signInOnline(ctx, phone).catch(() => undefined);
      ctx.clock.advance(minute + 1000);
      await signInOnline(ctx, phone);
      assert.equal(await accounts(), 1, 'one account per number');

      const crossSite = await from(ctx, ip, { method: 'DELETE', url: '/api/applicant/sessions', cookie: header, headers: { origin: 'https://evil.example' } });
      assert.equal(crossSite.statusCode, 403, 'writes from another site are refused');
      const out = await from(ctx, ip, { method: 'DELETE', url: '/api/applicant/sessions', cookie: header });
      assert.equal(out.statusCode, 204);
      assert.equal((await from(ctx, ip, { method: 'GET', url: '/api/applicant/me', cookie: header })).statusCode, 401);
    });

    test('a confirmation code (purpose confirm) is checked against its subject, and used once by the caller’s transaction', async () => {
      const ip = nextAddress();
      const phone = '13800000006';
      const sent = await from(ctx, ip, { method: 'POST', url: '/api/applicant/codes', body: { phone, purpose: 'confirm', subjectId: 'authorisation-1' } });
      assert.equal(sent.statusCode, 200, sent.body);
      const code = await codeSentTo(ctx, phone);
      const accounts = ctx.services.onlineAccounts;
      await assert.rejects(accounts.checkCode({ phone, purpose: 'confirm', subjectId: 'authorisation-2', code, ip }), /No live code/, 'another subject');
      await assert.rejects(accounts.checkCode({ phone, purpose: 'sign_in', code, ip }), /No live code/, 'another purpose');
      assert.equal((await signIn(phone, code, ip)).statusCode, 400, 'a confirmation code does not sign in');
      const { codeId } = await accounts.checkCode({ phone, purpose: 'confirm', subjectId: 'authorisation-1', code, ip });
      const { consumeCode } = await import('../src/services/online-account.service.ts');
      const { createUnitOfWork } = await import('../src/repositories/index.ts');
      const uow = createUnitOfWork(ctx.database.db);
      await uow.transaction((repos) => consumeCode(repos, codeId, ctx.clock.now()));
      await assert.rejects(
        uow.transaction((repos) => consumeCode(repos, codeId, ctx.clock.now())),
        /already used/,
      );
    });

    test('two sign-ins racing with one code: exactly one gets in', { skip: raceNeedsPostgres(backend) }, async () => {
      const ip = nextAddress();
      const phone = '13800000007';
      await sendCode(phone, ip);
      const code = await codeSentTo(ctx, phone);
      const answers = await Promise.all([signIn(phone, code, nextAddress()), signIn(phone, code, nextAddress()), signIn(phone, code, nextAddress())]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 400, 400]);
      const sends = await Promise.all([sendCode('13800000008', nextAddress()), sendCode('13800000008', nextAddress()), sendCode('13800000008', nextAddress())]);
      assert.deepEqual(sends.map((a) => a.statusCode).sort(), [200, 429, 429], 'one code a minute holds across concurrent requests');
    });

    test('a session expires after 24 hours', async () => {
      const cookie = await signInOnline(ctx, '13800000005');
      ctx.clock.advance(24 * 60 * minute + 1000);
      assert.equal((await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/me', cookie })).statusCode, 401);
    });
  });

  describe(`online identity: real name and businesses (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const call = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>) => from(ctx, nextAddress(), { method, url, cookie, body, headers });

    test('binding checks the ID (GB 11643: check character, birth date, region), seals it, marks it unverified, and is refused a second time', async () => {
      const cookie = await signInOnline(ctx, '13900000001');
      const bind = (body: unknown) => call(cookie, 'POST', '/api/applicant/me/identity', body);
      const good = idOf('37098219800312052');
      const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const checkChar = await bind({ name: '陈建红', residentId: badCheck });
      assert.equal(checkChar.statusCode, 400);
      assert.match(checkChar.json().error.message, /校验码/);
      assert.match((await bind({ name: '陈建红', residentId: idOf('37098219800231052') })).json().error.message, /出生日期/);
      assert.match((await bind({ name: '陈建红', residentId: idOf('99098219800312052') })).json().error.message, /行政区划/);

      const bound = await bind({ name: '陈建红', residentId: good });
      assert.equal(bound.statusCode, 200, bound.body);
      const account = bound.json();
      assert.equal(account.binding, 'unverified');
      assert.equal(account.verifiedBy, null);
      assert.equal(account.person.idMasked, `370982********${good.slice(-4)}`);
      assert.ok(!bound.body.includes(good), 'the full ID is never answered');
      const person = await ctx.database.db.selectFrom('applicants').selectAll().where('id', '=', account.person.applicantId).executeTakeFirstOrThrow();
      assert.equal(person.phone, '13900000001', 'the new applicant takes the account’s number');
      assert.ok(!JSON.stringify(person).includes(good), 'stored only sealed');
      const audit = await ctx.database.db.selectFrom('audit_log').select('payload').execute();
      assert.ok(!JSON.stringify(audit).includes(good), 'nor in the audit log');

      const again = await bind({ name: '陈建红', residentId: idOf('37098219900101001') });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'IDENTITY_ALREADY_BOUND');
      assert.match(again.json().error.message, /不能在网上更改.*政务服务窗口/);
    });

    test('a person on file is bound, by the right name only; a person is bound to one account at most (409, go to a counter)', async () => {
      const id = idOf('37098219650708101');
      const frontdesk = await ctx.signIn('frontdesk');
      const registered = await ctx.request({ method: 'POST', url: '/api/applicants', cookie: frontdesk, idempotencyKey: true, body: { kind: 'person', idNumber: id, name: '王建国', phone: '13905380001', address: '新泰市' } });
      assert.equal(registered.statusCode, 201, registered.body);

      const first = await signInOnline(ctx, '13900000002');
      const wrongName = await call(first, 'POST', '/api/applicant/me/identity', { name: '王建军', residentId: id });
      assert.equal(wrongName.statusCode, 400);
      assert.match(wrongName.json().error.message, /姓名与身份证号码不符/);
      const bound = await call(first, 'POST', '/api/applicant/me/identity', { name: '王 建国', residentId: id });
      assert.equal(bound.statusCode, 200, bound.body);
      assert.equal(bound.json().person.applicantId, registered.json().id, 'bound to the applicant on file');

      const second = await signInOnline(ctx, '13900000003');
      const elsewhere = await call(second, 'POST', '/api/applicant/me/identity', { name: '王建国', residentId: id });
      assert.equal(elsewhere.statusCode, 409);
      assert.equal(elsewhere.json().error.code, 'IDENTITY_BOUND_ELSEWHERE');
      assert.match(elsewhere.json().error.message, /139\*\*\*\*0002.*政务服务窗口/);
      assert.match(elsewhere.json().error.messageEn, /service counter/);
    });

    test('at a counter, a clerk with the ID card in hand verifies the account (窗口核验); a wrong number or a role without the desk is refused', async () => {
      const id = idOf('37098219700707303');
      const { cookie, applicantId } = await boundOnline(ctx, '13900000021', '钱进', id);
      const verify = (who: string, idNumber: string) => ctx.signIn(who).then((staff) => ctx.request({ method: 'POST', url: `/api/applicants/${applicantId}/online-account/verify`, cookie: staff, idempotencyKey: true, body: { idNumber } }));
      const wrong = await verify('frontdesk', idOf('37098219700707311'));
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.json().error.message, /不符/);
      assert.equal((await verify('reviewer.mz', id)).statusCode, 403, 'a reviewer does not verify people');
      assert.equal((await call(cookie, 'POST', `/api/applicants/${applicantId}/online-account/verify`, { idNumber: id })).statusCode, 403, 'nor the applicant themselves');
      const verified = await verify('frontdesk', id);
      assert.equal(verified.statusCode, 200, verified.body);
      assert.deepEqual(verified.json(), { accountId: verified.json().accountId, phone: '139****0021', binding: 'verified', verifiedBy: 'counter' });
      const me = (await call(cookie, 'GET', '/api/applicant/me')).json();
      assert.deepEqual([me.binding, me.verifiedBy], ['verified', 'counter']);
      assert.ok(!verified.body.includes(id));
      const audit = await ctx.database.db.selectFrom('audit_log').select('payload').where('action', '=', 'online.identity_verified').execute();
      assert.ok(!JSON.stringify(audit).includes(id), 'the audit row holds the masked number only');
    });

    test('a legal representative registers a business (GB 32100; the recorded representative must match) and adds and removes handlers; X-Acting-For follows the handler table', async () => {
      const rep = await boundOnline(ctx, '13900000011', '刘洋', idOf('37098219850505101'));
      const handler = await boundOnline(ctx, '13900000012', '赵敏', idOf('37098219900606202'));
      const unbound = await signInOnline(ctx, '13900000013');

      const uscc = usccOf('91370982MA3WBKJ0N');
      const badUscc = await call(rep.cookie, 'POST', '/api/applicant/businesses', { uscc: uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0'), name: '新泰市网办科技有限公司' });
      assert.equal(badUscc.statusCode, 400);
      assert.match(badUscc.json().error.message, /GB 32100/);
      const noName = await call(rep.cookie, 'POST', '/api/applicant/businesses', { uscc });
      assert.equal(noName.statusCode, 400, 'an organisation not on file needs its name');
      assert.equal((await call(unbound, 'POST', '/api/applicant/businesses', { uscc, name: '新泰市网办科技有限公司' })).statusCode, 403, 'a person bound first');

      const registered = await call(rep.cookie, 'POST', '/api/applicant/businesses', { uscc, name: '新泰市网办科技有限公司' });
      assert.equal(registered.statusCode, 201, registered.body);
      const business = registered.json();
      assert.deepEqual([business.role, business.legalRepresentative, business.uscc], ['legal_representative', '刘洋', uscc]);
      const org = await ctx.database.db.selectFrom('applicants').selectAll().where('id', '=', business.applicantId).executeTakeFirstOrThrow();
      assert.deepEqual([org.kind, org.legal_representative], ['organisation', '刘洋']);

      // An organisation on file with another legal representative is not theirs to claim.
      const onFile = usccOf('52370982MJD654321');
      const frontdesk = await ctx.signIn('frontdesk');
      await ctx.request({ method: 'POST', url: '/api/applicants', cookie: frontdesk, idempotencyKey: true, body: { kind: 'organisation', uscc: onFile, name: '新泰市书法家协会', legalRepresentative: '王建国', phone: '', address: '' } });
      const mismatch = await call(rep.cookie, 'POST', '/api/applicant/businesses', { uscc: onFile });
      assert.equal(mismatch.statusCode, 409);
      assert.equal(mismatch.json().error.code, 'LEGAL_REPRESENTATIVE_MISMATCH');

      const handlersUrl = `/api/applicant/businesses/${business.applicantId}/handlers`;
      const notBound = await call(rep.cookie, 'POST', handlersUrl, { phone: '13900000013' });
      assert.equal(notBound.statusCode, 400);
      assert.match(notBound.json().error.message, /未实名/);
      assert.equal((await call(rep.cookie, 'POST', handlersUrl, { phone: '13900009999' })).statusCode, 400, 'no account with that number');
      const added = await call(rep.cookie, 'POST', handlersUrl, { phone: '13900000012' });
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual([added.json().name, added.json().phone, added.json().role], ['赵敏', '139****0012', 'handler']);
      assert.equal((await call(rep.cookie, 'POST', handlersUrl, { phone: '13900000012' })).statusCode, 409, 'added once');

      const listed = await call(rep.cookie, 'GET', handlersUrl);
      assert.deepEqual(
        listed.json().map((h: { name: string; role: string }) => `${h.role}:${h.name}`),
        ['legal_representative:刘洋', 'handler:赵敏'],
      );
      const theirs = await call(handler.cookie, 'GET', '/api/applicant/businesses');
      assert.deepEqual(
        theirs.json().map((b: { applicantId: string; role: string }) => [b.applicantId, b.role]),
        [[business.applicantId, 'handler']],
      );
      assert.equal((await call(handler.cookie, 'GET', handlersUrl)).statusCode, 403, 'a handler does not manage handlers');
      assert.equal((await call(handler.cookie, 'POST', handlersUrl, { phone: '13900000011' })).statusCode, 403);

      const acting = await call(handler.cookie, 'GET', '/api/applicant/me', undefined, { 'x-acting-for': business.applicantId });
      assert.equal(acting.statusCode, 200, acting.body);
      assert.deepEqual(acting.json().actingFor, { applicantId: business.applicantId, role: 'handler' });
      assert.equal((await call(unbound, 'GET', '/api/applicant/me', undefined, { 'x-acting-for': business.applicantId })).statusCode, 403);
      assert.equal((await call(handler.cookie, 'GET', '/api/applicant/me', undefined, { 'x-acting-for': 'not-a-uuid' })).statusCode, 403);

      const removeLegal = await call(rep.cookie, 'DELETE', `${handlersUrl}/${listed.json()[0].id}`);
      assert.equal(removeLegal.statusCode, 400, 'the legal representative is not removed online');
      assert.equal((await call(handler.cookie, 'DELETE', `${handlersUrl}/${added.json().id}`)).statusCode, 403, 'a handler cannot remove');
      const removed = await call(rep.cookie, 'DELETE', `${handlersUrl}/${added.json().id}`);
      assert.equal(removed.statusCode, 204, removed.body);
      assert.equal((await call(rep.cookie, 'DELETE', `${handlersUrl}/${added.json().id}`)).statusCode, 404, 'removed once');
      assert.deepEqual((await call(handler.cookie, 'GET', '/api/applicant/businesses')).json(), []);
      assert.equal((await call(handler.cookie, 'GET', '/api/applicant/me', undefined, { 'x-acting-for': business.applicantId })).statusCode, 403, 'a removed handler no longer acts for it');
      const row = await ctx.database.db.selectFrom('business_handlers').selectAll().where('id', '=', added.json().id).executeTakeFirstOrThrow();
      assert.ok(row.removed_at && row.removed_by, 'the row is ended, not deleted');
      // Re-adding after removal is a new row.
      assert.equal((await call(rep.cookie, 'POST', handlersUrl, { phone: '13900000012' })).statusCode, 201);
    });
  });

  describe(`online identity: demo codes (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend, {}, { exposeCodes: true });
    });
    after(() => ctx.close());

    test('with exposeCodes (serve --demo) the answer carries the code, and it signs in', async () => {
      const ip = nextAddress();
      const sent = await from(ctx, ip, { method: 'POST', url: '/api/applicant/codes', body: { phone: '13800000101', purpose: 'sign_in' } });
      assert.match(sent.json().demoCode, /^\d{6}$/);
      assert.equal(sent.json().demoCode, await codeSentTo(ctx, '13800000101'));
      assert.equal((await from(ctx, ip, { method: 'POST', url: '/api/applicant/sessions', body: { phone: '13800000101', code: sent.json().demoCode } })).statusCode, 200);
    });
  });
}
