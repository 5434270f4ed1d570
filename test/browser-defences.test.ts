/**
 * Browser-side defences (DESIGN §9): a write carried by the session cookie must come from our own
 * pages (Origin, else Sec-Fetch-Site, else Referer) and send JSON, so a page on another origin
 * cannot make a signed-in browser publish a catalog item; security headers on every response.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { buildApp } from '../src/http/app.ts';

const host = 'onewindow.example:8194';
const dibao = '370982-MZ-001';

for (const backend of testBackends()) {
  describe(`cross-site writes and security headers (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;

    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    const versions = async () => ((await ctx.request({ method: 'GET', url: `/api/items/${dibao}/versions` })).json() as { version: number; status: string }[]).map((v) => `${v.version}:${v.status}`);

    let edits = 0;
    const saveDraft = async () => {
      const current = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().content;
      const edited = { ...current, materials: current.materials.map((m: { notes: string }, i: number) => (i === 0 ? { ...m, notes: `${m.notes}(第${++edits}次修订)` } : m)) };
      const saved = await ctx.request({
        method: 'PUT',
        url: `/api/items/${dibao}/draft`,
        cookie: admin,
        idempotencyKey: true,
        body: edited,
        headers: { host, origin: `http://${host}` },
      });
      assert.equal(saved.statusCode, 200, `a same-origin JSON write works: ${saved.body}`);
    };

    test('a cross-site text/plain POST that would publish a catalog item is refused before the handler, and nothing is written', async () => {
      await saveDraft();
      const before = await versions();
      assert.ok(
        before.some((v) => v.endsWith(':draft')),
        before.join(),
      );
      const auditBefore = await ctx.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();

      // What a form or fetch(…, { mode: 'no-cors' }) on another site (even a sibling port: same site) sends.
      for (const origin of ['https://evil.example', 'http://onewindow.example:3000', 'null']) {
        const response = await ctx.app.inject({
          method: 'POST',
          url: `/api/items/${dibao}/publish`,
          payload: '{}',
          headers: { host, cookie: admin, origin, 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-site': 'same-site' },
        });
        assert.equal(response.statusCode, 403, origin);
        assert.equal(response.json().error.code, 'FORBIDDEN');
        assert.match(response.json().error.message, /已拒绝跨站请求/);
        assert.match(response.json().error.messageEn, /Cross-site request refused/);
      }
      // Without Origin a browser still tells where the request came from.
      for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { referer: 'https://evil.example/page' }]) {
        const response = await ctx.app.inject({ method: 'POST', url: `/api/items/${dibao}/publish`, payload: '{}', headers: { host, cookie: admin, 'content-type': 'text/plain', ...headers } });
        assert.equal(response.statusCode, 403, JSON.stringify(headers));
      }
      // And with the cookie, a body that is not JSON never reaches the handler, whoever sends it.
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const response = await ctx.app.inject({ method: 'POST', url: `/api/items/${dibao}/publish`, payload: '{}', headers: { host, cookie: admin, 'content-type': contentType } });
        assert.equal(response.statusCode, 415, contentType);
        assert.match(response.json().error.message, /application\/json/);
      }

      assert.deepEqual(await versions(), before, 'nothing was published');
      const auditAfter = await ctx.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(auditAfter.n, auditBefore.n, 'no audit row either');
    });

    test('the same publish from our own page (same origin, JSON) works; so does a program without Origin', async () => {
      const sameOrigin = await ctx.request({ method: 'POST', url: `/api/items/${dibao}/publish`, cookie: admin, idempotencyKey: true, headers: { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' } });
      assert.equal(sameOrigin.statusCode, 200, sameOrigin.body);
      assert.equal(sameOrigin.json().status, 'published');
      await saveDraft();
      const referer = await ctx.request({ method: 'DELETE', url: `/api/items/${dibao}/draft`, cookie: admin, idempotencyKey: true, headers: { host, referer: `http://${host}/admin/catalog` } });
      assert.equal(referer.statusCode, 204, 'a same-origin Referer is enough when Origin is missing');
      await saveDraft();
      const program = await ctx.request({ method: 'DELETE', url: `/api/items/${dibao}/draft`, cookie: admin, idempotencyKey: true });
      assert.equal(program.statusCode, 204, 'no Origin, Sec-Fetch-Site or Referer: not a browser');
    });

    test('an API key needs no Origin, and an API key request is not judged by one', async () => {
      const created = await ctx.request({ method: 'POST', url: '/api/api-keys', cookie: admin, idempotencyKey: true, body: { name: '统计系统', regionCode: '370982' }, headers: { host, origin: `http://${host}` } });
      assert.equal(created.statusCode, 201, created.body);
      const key = created.json().key as string;
      // POST /api/auth/me does not exist; the one write route a key may call does not exist either,
      // so check that the origin check lets a keyed request through to access control and routing.
      const keyed = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'x-api-key': key, origin: 'https://partner.example' } });
      assert.equal(keyed.statusCode, 403, 'reached access control (a key may not sign out), not refused as cross-site');
      assert.equal(keyed.json().error.message, '该接口不对外部系统开放');
      const read = await ctx.app.inject({ method: 'GET', url: '/api/departments', headers: { 'x-api-key': key } });
      assert.equal(read.statusCode, 200);
    });

    test('sign-in from another site is refused too (login CSRF); public writes from our pages and from programs work', async () => {
      const crossLogin = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'demo1234' }, headers: { host, origin: 'https://evil.example' } });
      assert.equal(crossLogin.statusCode, 403);
      assert.equal(crossLogin.cookies.length, 0);
      const ownLogin = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'demo1234' }, headers: { host, origin: `http://${host}` } });
      assert.equal(ownLogin.statusCode, 200);
      const crossQuery = await ctx.app.inject({ method: 'POST', url: '/api/public/cases/query', payload: { caseNo: '1', password: '1' }, headers: { host, origin: 'https://evil.example' } });
      assert.equal(crossQuery.statusCode, 403);
    });

    test('PUBLIC_ORIGIN / ALLOWED_ORIGINS let a proxy pass another Host; COOKIE_SECURE accepts https origins only', async () => {
      const proxied = await buildApp({ services: ctx.services, databaseKind: ctx.database.kind, version: 'test', allowedOrigins: ['https://zwfw.example.gov.cn'] });
      const secure = await buildApp({ services: ctx.services, databaseKind: ctx.database.kind, version: 'test', secureCookies: true });
      try {
        const login = (app: typeof proxied, origin: string, hostHeader = '127.0.0.1:8080') =>
          app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guide', password: 'demo1234' }, headers: { host: hostHeader, origin } });
        assert.equal((await login(proxied, 'https://zwfw.example.gov.cn')).statusCode, 200);
        assert.equal((await login(proxied, 'https://other.example.gov.cn')).statusCode, 403);
        assert.equal((await login(secure, 'https://127.0.0.1:8080')).statusCode, 200);
        assert.equal((await login(secure, 'http://127.0.0.1:8080')).statusCode, 403, 'a plain-http page may not write to an https deployment');
      } finally {
        await proxied.close();
        await secure.close();
      }
    });

    test('every response carries the security headers: CSP without framing, nosniff, Referrer-Policy; HSTS only behind HTTPS', async () => {
      for (const url of ['/api/health', '/api/no-such-route', '/guide', '/api/docs/static/index.html']) {
        const response = await ctx.app.inject({ method: 'GET', url });
        const csp = String(response.headers['content-security-policy']);
        assert.match(csp, /default-src 'self'/, url);
        assert.match(csp, /script-src 'self';/, url);
        assert.match(csp, /frame-ancestors 'none'/, url);
        assert.match(csp, /object-src 'none'/, url);
        assert.doesNotMatch(csp, /upgrade-insecure-requests/, url);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(response.headers['x-frame-options'], 'DENY', url);
        assert.equal(response.headers['referrer-policy'], 'same-origin', url);
        assert.equal(response.headers['strict-transport-security'], undefined, url);
      }
      const secure = await buildApp({ services: ctx.services, databaseKind: ctx.database.kind, version: 'test', secureCookies: true });
      try {
        const response = await secure.inject({ method: 'GET', url: '/api/health' });
        assert.equal(response.headers['strict-transport-security'], 'max-age=31536000');
        assert.match(String(response.headers['content-security-policy']), /upgrade-insecure-requests/);
      } finally {
        await secure.close();
      }
    });
  });
}
