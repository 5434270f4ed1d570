/**
 * The HTTP contract every client relies on: health, OpenAPI, and that bad input of any kind gets a
 * 4xx with a message in Chinese and English — never a 500, never half-written data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

function assertBilingualError(response: { statusCode: number; json(): any }, status: number): void {
  assert.equal(response.statusCode, status);
  const error = response.json().error;
  assert.ok(error, 'error body');
  assert.match(error.message, /[\u4e00-\u9fff]/, `Chinese message: ${error.message}`);
  assert.match(error.messageEn, /[A-Za-z]/, `English message: ${error.messageEn}`);
}

for (const backend of testBackends()) {
  describe(`HTTP contract (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend, { version: '9.9.9' });
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    test('GET /api/health answers without sign-in and names the database', async () => {
      const response = await ctx.request({ method: 'GET', url: '/api/health' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok', database: backend.name, version: '9.9.9' });
    });

    test('OpenAPI 3 is served at /api/openapi.json and browsable at /api/docs', async () => {
      const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json();
      assert.match(spec.openapi, /^3\./);
      for (const path of ['/api/health', '/api/auth/login', '/api/departments', '/api/staff', '/api/api-keys', '/api/audit']) {
        assert.ok(spec.paths[path], `${path} documented`);
      }
      assert.ok(spec.paths['/api/departments'].post.requestBody, 'request bodies documented');
      const docs = await ctx.request({ method: 'GET', url: '/api/docs/' });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.headers['content-type'] as string, /text\/html/);
    });

    test('malformed JSON, wrong types, unknown fields, oversize and wrong media type each get a clear 4xx', async () => {
      const post = (payload: string, contentType = 'application/json') => ctx.app.inject({ method: 'POST', url: '/api/departments', headers: { cookie: admin, 'content-type': contentType }, payload });
      assertBilingualError(await post('{"name": "x",'), 400);
      assertBilingualError(await post(''), 400);
      const wrongType = await post(JSON.stringify({ name: 42, regionCode: '370982' }));
      assertBilingualError(wrongType, 400);
      assert.ok(wrongType.json().error.details.some((d: { field: string }) => d.field === 'body.name'));
      const unknown = await post(JSON.stringify({ name: '新泰市统计局', regionCode: '370982', colour: 'red' }));
      assertBilingualError(unknown, 400);
      assert.match(unknown.json().error.message, /不允许的字段: colour/);
      assertBilingualError(await post(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), regionCode: '370982' })), 413);
      assertBilingualError(await post('name=x', 'application/x-www-form-urlencoded'), 415);
      assertBilingualError(await ctx.request({ method: 'GET', url: '/api/departments/not-a-uuid', cookie: admin }), 400);
      assertBilingualError(await ctx.request({ method: 'GET', url: '/api/no-such-thing', cookie: admin }), 404);
      assertBilingualError(await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: 'x', regionCode: '370982' }, headers: { 'idempotency-key': 'short' } }), 400);
    });

    test('no write route answers 500 to hostile bodies, and none of them writes anything', async () => {
      const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json();
      const countRows = async () => {
        const tables = ['regions', 'departments', 'centers', 'windows', 'staff', 'api_keys', 'audit_log'] as const;
        const counts: number[] = [];
        for (const table of tables) {
          const row = await ctx.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow();
          counts.push(Number(row.n));
        }
        return counts;
      };
      const before = await countRows();
      const bodies = ['{', '[]', '"text"', 'null', '{"a":1}', JSON.stringify({ name: null, code: {}, grants: 'x', number: -1 }), '1e999999'];
      let calls = 0;
      for (const [path, methods] of Object.entries<Record<string, unknown>>(spec.paths)) {
        for (const method of Object.keys(methods)) {
          if (!['post', 'patch', 'put', 'delete'].includes(method) || path === '/api/auth/logout') continue;
          const url = path.replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000').replace(/\{code\}/g, '370982');
          for (const payload of bodies) {
            const response = await ctx.app.inject({ method: method.toUpperCase() as 'POST', url, headers: { cookie: admin, 'content-type': 'application/json' }, payload });
            calls++;
            assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${method} ${path} ${payload} → ${response.statusCode} ${response.body}`);
            assertBilingualError(response, response.statusCode);
          }
        }
      }
      assert.ok(calls > 60, `exercised ${calls} calls`);
      assert.deepEqual(await countRows(), before);
    });
  });
}
