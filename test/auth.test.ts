import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

for (const backend of testBackends()) {
  describe(`sign-in, sessions and API keys (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    test('signing in sets an HttpOnly SameSite session cookie and /me names the user and grants', async () => {
      const response = await ctx.request({ method: 'POST', url: '/api/auth/login', body: { username: 'reviewer.mz', password: 'demo1234' } });
      assert.equal(response.statusCode, 200);
      const cookie = response.cookies.find((c) => c.name === 'ow_session');
      assert.ok(cookie, 'session cookie set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.ok(cookie.value.length >= 40, 'token has enough entropy');
      const me = await ctx.request({ method: 'GET', url: '/api/auth/me', cookie: `ow_session=${cookie.value}` });
      assert.equal(me.statusCode, 200);
      const body = me.json();
      assert.equal(body.staff.username, 'reviewer.mz');
      assert.deepEqual(
        body.staff.grants.map((g: { role: string; regionCode: string }) => [g.role, g.regionCode]),
        [['reviewer', '370982']],
      );
    });

    test('a wrong password or unknown user gets 401 in Chinese and English, and no session', async () => {
      for (const body of [
        { username: 'admin', password: 'wrong-password' },
        { username: 'nobody', password: 'demo1234' },
      ]) {
        const response = await ctx.request({ method: 'POST', url: '/api/auth/login', body });
        assert.equal(response.statusCode, 401);
        assert.deepEqual(response.json().error, { code: 'UNAUTHENTICATED', message: '用户名或密码错误', messageEn: 'Wrong username or password' });
        assert.equal(response.cookies.length, 0);
      }
    });

    test('the session table keeps only a hash of the token', async () => {
      const cookie = await ctx.signIn('issuer');
      const token = cookie.split('=')[1]!;
      const rows = await ctx.database.db.selectFrom('sessions').select('token_hash').execute();
      assert.ok(rows.length > 0);
      assert.ok(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
    });

    test('signing out ends the session on the server', async () => {
      const response = await ctx.request({ method: 'POST', url: '/api/auth/login', body: { username: 'guide', password: 'demo1234' } });
      const cookie = `ow_session=${response.cookies[0]!.value}`;
      assert.equal((await ctx.request({ method: 'POST', url: '/api/auth/logout', cookie })).statusCode, 204);
      const me = await ctx.request({ method: 'GET', url: '/api/auth/me', cookie });
      assert.equal(me.statusCode, 401);
      assert.equal(me.json().error.message, '请先登录');
    });

    test('a session expires after 12 hours', async () => {
      const response = await ctx.request({ method: 'POST', url: '/api/auth/login', body: { username: 'frontdesk', password: 'demo1234' } });
      const cookie = `ow_session=${response.cookies[0]!.value}`;
      ctx.clock.advance(11 * 3600_000);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/auth/me', cookie })).statusCode, 200);
      ctx.clock.advance(3600_000 + 1000);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/auth/me', cookie })).statusCode, 401);
    });

    test('disabling an account or resetting its password ends its sessions', async () => {
      const admin = await ctx.signIn('admin');
      const victim = await ctx.request({ method: 'POST', url: '/api/auth/login', body: { username: 'reviewer.scjg', password: 'demo1234' } });
      const cookie = `ow_session=${victim.cookies[0]!.value}`;
      const id = victim.json().staff.id;
      const reset = await ctx.request({ method: 'POST', url: `/api/staff/${id}/password`, cookie: admin, body: { password: 'new-password-1' }, idempotencyKey: true });
      assert.equal(reset.statusCode, 204);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/auth/me', cookie })).statusCode, 401);
      const again = await ctx.request({ method: 'POST', url: '/api/auth/login', body: { username: 'reviewer.scjg', password: 'new-password-1' } });
      assert.equal(again.statusCode, 200);
      const disable = await ctx.request({ method: 'PATCH', url: `/api/staff/${id}`, cookie: admin, body: { active: false }, idempotencyKey: true });
      assert.equal(disable.statusCode, 200);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/auth/me', cookie: `ow_session=${again.cookies[0]!.value}` })).statusCode, 401);
      const refused = await ctx.request({ method: 'POST', url: '/api/auth/login', body: { username: 'reviewer.scjg', password: 'new-password-1' } });
      assert.equal(refused.statusCode, 401);
    });

    test('an API key reads what external systems may read, nothing else, and stops working when revoked', async () => {
      const admin = await ctx.signIn('admin');
      const created = await ctx.request({ method: 'POST', url: '/api/api-keys', cookie: admin, body: { name: '不动产登记系统', regionCode: '370982' }, idempotencyKey: 'issue-key-0001' });
      assert.equal(created.statusCode, 201);
      const { key, apiKey } = created.json();
      assert.match(key, /^ow_/);
      // A replay returns the same key record but never the secret again, and the secret is not kept for replays.
      const replay = await ctx.request({ method: 'POST', url: '/api/api-keys', cookie: admin, body: { name: '不动产登记系统', regionCode: '370982' }, idempotencyKey: 'issue-key-0001' });
      assert.equal(replay.statusCode, 201);
      assert.deepEqual(replay.json(), { key: null, apiKey });
      const kept = await ctx.database.db.selectFrom('idempotency_keys').select('response').execute();
      assert.ok(!JSON.stringify(kept).includes(key), 'plaintext key not stored');
      const stored = await ctx.database.db.selectFrom('api_keys').select('key_hash').where('id', '=', apiKey.id).executeTakeFirstOrThrow();
      assert.notEqual(stored.key_hash, key);

      const headers = { 'x-api-key': key };
      assert.equal((await ctx.request({ method: 'GET', url: '/api/departments', headers })).statusCode, 200);
      const bearer = await ctx.request({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
      assert.equal(bearer.statusCode, 200);
      assert.equal(bearer.json().apiKey.name, '不动产登记系统');
      const staffOnly = await ctx.request({ method: 'GET', url: '/api/staff', headers });
      assert.equal(staffOnly.statusCode, 403);
      assert.equal(staffOnly.json().error.message, '该接口不对外部系统开放');

      const revoked = await ctx.request({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, cookie: admin, idempotencyKey: 'revoke-key-0001' });
      assert.equal(revoked.statusCode, 200);
      assert.ok(revoked.json().revokedAt);
      const revokedAgain = await ctx.request({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, cookie: admin, idempotencyKey: 'revoke-key-0001' });
      assert.deepEqual([revokedAgain.statusCode, revokedAgain.json()], [200, revoked.json()]);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/departments', headers })).statusCode, 401);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/departments', headers: { 'x-api-key': 'ow_made-up' } })).statusCode, 401);
    });
  });
}
