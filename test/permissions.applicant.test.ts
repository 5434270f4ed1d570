/**
 * The online channel's routes (`access: 'applicant'`) in a matrix of their own: every one of them,
 * as listed by the OpenAPI document, refuses the signed-out (401), every staff member and API key
 * (403); an applicant signed in online never reaches staff routes; and one account never reads or
 * changes another's: not its businesses' handlers, not as a business it does not act for.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { systemActor } from '../src/services/actor.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { from, nextAddress, onlineBusiness, signInOnline } from './support/online.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const someCase = '00000000-0000-4000-8000-000000000001';
const someFile = '00000000-0000-4000-8000-000000000002';

for (const backend of testBackends()) {
  describe(`permissions of the online channel (${backend.name})`, () => {
    let ctx: TestContext;
    let mine: Awaited<ReturnType<typeof onlineBusiness>>;
    let theirs: Awaited<ReturnType<typeof onlineBusiness>>;
    before(async () => {
      ctx = await createTestContext(backend);
      mine = await onlineBusiness(ctx, '11');
      theirs = await onlineBusiness(ctx, '22');
    });
    after(() => ctx.close());

    const send = (method: Method, url: string, cookie?: string, body?: unknown, headers: Record<string, string> = {}) => from(ctx, nextAddress(), { method, url, cookie, body, headers });

    /** Each applicant route with a request that would succeed for the right applicant. */
    const calls = (): { route: string; method: Method; url: string; body?: unknown }[] => [
      { route: 'get /api/applicant/me', method: 'GET', url: '/api/applicant/me' },
      { route: 'post /api/applicant/me/identity', method: 'POST', url: '/api/applicant/me/identity', body: { name: '张三', residentId: '11010519491231002X' } },
      { route: 'delete /api/applicant/sessions', method: 'DELETE', url: '/api/applicant/sessions' },
      { route: 'get /api/applicant/businesses', method: 'GET', url: '/api/applicant/businesses' },
      { route: 'post /api/applicant/businesses', method: 'POST', url: '/api/applicant/businesses', body: { uscc: '91370982MA3FUKK0M0', name: '某公司' } },
      { route: 'get /api/applicant/businesses/{id}/handlers', method: 'GET', url: `/api/applicant/businesses/${mine.organisationId}/handlers` },
      { route: 'post /api/applicant/businesses/{id}/handlers', method: 'POST', url: `/api/applicant/businesses/${mine.organisationId}/handlers`, body: { phone: '13500000222' } },
      { route: 'delete /api/applicant/businesses/{id}/handlers/{handlerId}', method: 'DELETE', url: `/api/applicant/businesses/${mine.organisationId}/handlers/${mine.handlerId}` },
      // 一网通办: the applicant's own applications.
      { route: 'get /api/online/offer', method: 'GET', url: '/api/online/offer' },
      { route: 'get /api/online/cases', method: 'GET', url: '/api/online/cases' },
      { route: 'post /api/online/cases', method: 'POST', url: '/api/online/cases', body: { itemCode: '370982-RS-008', channel: 'mobile' } },
      { route: 'get /api/online/cases/{id}', method: 'GET', url: `/api/online/cases/${someCase}` },
      { route: 'put /api/online/cases/{id}', method: 'PUT', url: `/api/online/cases/${someCase}`, body: {} },
      { route: 'post /api/online/cases/{id}/materials/{key}/files', method: 'POST', url: `/api/online/cases/${someCase}/materials/termination_proof/files` },
      { route: 'get /api/online/cases/{id}/files/{fileId}', method: 'GET', url: `/api/online/cases/${someCase}/files/${someFile}` },
      { route: 'delete /api/online/cases/{id}/files/{fileId}', method: 'DELETE', url: `/api/online/cases/${someCase}/files/${someFile}` },
      { route: 'post /api/online/cases/{id}/submit', method: 'POST', url: `/api/online/cases/${someCase}/submit`, body: {} },
      { route: 'post /api/online/cases/{id}/resubmit', method: 'POST', url: `/api/online/cases/${someCase}/resubmit`, body: {} },
      { route: 'post /api/online/cases/{id}/withdraw', method: 'POST', url: `/api/online/cases/${someCase}/withdraw`, body: { reason: '不办了' } },
      { route: 'get /api/online/cases/{id}/licences/{identifier}/pdf', method: 'GET', url: `/api/online/cases/${someCase}/licences/1.2.156.3005.2.X/pdf` },
      // 网上诉求: the applicant's own complaints.
      { route: 'get /api/applicant/complaints', method: 'GET', url: '/api/applicant/complaints' },
      { route: 'post /api/applicant/complaints', method: 'POST', url: '/api/applicant/complaints', body: { category: 'help', subject: '求助', content: '请帮忙查询办理进度', regionCode: '370982' } },
      { route: 'get /api/applicant/complaints/{id}', method: 'GET', url: `/api/applicant/complaints/${someCase}` },
      { route: 'post /api/applicant/complaints/{id}/rating', method: 'POST', url: `/api/applicant/complaints/${someCase}/rating`, body: { satisfaction: 'satisfied' } },
      // 好差评: the applicant's rating of their own concluded case.
      { route: 'get /api/online/cases/{id}/rating', method: 'GET', url: `/api/online/cases/${someCase}/rating` },
      { route: 'post /api/online/cases/{id}/rating', method: 'POST', url: `/api/online/cases/${someCase}/rating`, body: { level: 'satisfied' } },
    ];

    test('every applicant route: signed out 401; each staff role and an API key 403, writing nothing', async () => {
      const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
      const applicantRoutes = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => op['x-permission'] === 'applicant')
          .map(([method]) => `${method} ${path}`),
      );
      assert.deepEqual(
        applicantRoutes.sort(),
        calls()
          .map((c) => c.route)
          .sort(),
        'every applicant route is driven here',
      );

      const admin = await ctx.signIn('admin');
      const key = await ctx.services.apiKeys.create({ actor: systemActor }, { name: '网办测试', departmentId: null, regionCode: '370982' });
      const callers: [string, number, Record<string, string>][] = [
        ['signed out', 401, {}],
        ['admin', 403, { cookie: admin }],
        ['frontdesk', 403, { cookie: await ctx.signIn('frontdesk') }],
        ['reviewer.mz', 403, { cookie: await ctx.signIn('reviewer.mz') }],
        ['api key', 403, { 'x-api-key': key.key! }],
        // A staff session wins over an applicant one sent with it: still a staff member, still 403.
        ['admin with an applicant cookie too', 403, { cookie: `${admin}; ${mine.representative}` }],
      ];
      const violations: string[] = [];
      for (const call of calls()) {
        for (const [name, expected, headers] of callers) {
          const before = (
            await ctx.database.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n;
          const response = await send(call.method, call.url, undefined, call.body, headers);
          if (response.statusCode !== expected) violations.push(`${call.route} as ${name}: ${response.statusCode} ${response.body.slice(0, 120)}`);
          const afterCount = (
            await ctx.database.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n;
          if (afterCount !== before) violations.push(`${call.route} as ${name}: refused but wrote`);
        }
      }
      assert.deepEqual(violations, []);
      const forbidden = await send('GET', '/api/applicant/me', undefined, undefined, { cookie: await ctx.signIn('frontdesk') });
      assert.equal(forbidden.json().error.message, '该功能仅供网上办事的申请人使用');
    });

    test('one applicant never reaches another’s online application; a business’s is reached only acting for it', async () => {
      // Writes of the online channel carry an Idempotency-Key, as the web app sends them.
      const send = (method: Method, url: string, cookie?: string, body?: unknown, headers: Record<string, string> = {}) =>
        from(ctx, nextAddress(), { method, url, cookie, body, headers: method === 'GET' ? headers : { 'idempotency-key': randomUUID(), ...headers } });
      const started = await send('POST', '/api/online/cases', mine.representative, { itemCode: '370982-RS-008', channel: 'mobile' });
      assert.equal(started.statusCode, 201, started.body);
      const id = (started.json() as { id: string }).id;
      const stranger = theirs.representative;
      for (const [method, url, body] of [
        ['GET', `/api/online/cases/${id}`, undefined],
        ['PUT', `/api/online/cases/${id}`, {}],
        ['POST', `/api/online/cases/${id}/submit`, {}],
        ['POST', `/api/online/cases/${id}/withdraw`, { reason: '不办了' }],
      ] as [Method, string, unknown][]) {
        const response = await send(method, url, stranger, body);
        assert.equal(response.statusCode, 404, `${method} ${url} as another applicant: ${response.body}`);
      }
      const theirList = (await send('GET', '/api/online/cases', stranger)).json() as { id: string }[];
      assert.ok(!theirList.some((c) => c.id === id), 'nor is it in their list');
      assert.equal((await send('GET', `/api/online/cases/${id}`, mine.representative)).statusCode, 200, 'its applicant reads it');

      // The business's application: its handler reaches it acting for the business, not as themself.
      const forBusiness = await send('POST', '/api/online/cases', mine.representative, { itemCode: '370982-SCJG-003', channel: 'web' }, { 'x-acting-for': mine.organisationId });
      assert.equal(forBusiness.statusCode, 201, forBusiness.body);
      const businessCase = (forBusiness.json() as { id: string }).id;
      assert.equal((await send('GET', `/api/online/cases/${businessCase}`, mine.handler, undefined, { 'x-acting-for': mine.organisationId })).statusCode, 200, 'the handler, acting for the business');
      assert.equal((await send('GET', `/api/online/cases/${businessCase}`, mine.handler)).statusCode, 404, 'the handler as a person of their own');
      assert.equal((await send('GET', `/api/online/cases/${businessCase}`, stranger, undefined, { 'x-acting-for': mine.organisationId })).statusCode, 403, 'nobody else, even claiming to act for it');
    });

    test('one applicant never reads or rates another’s complaint', async () => {
      const send = (method: Method, url: string, cookie?: string, body?: unknown) => from(ctx, nextAddress(), { method, url, cookie, body, headers: method === 'GET' ? {} : { 'idempotency-key': randomUUID() } });
      const filed = await send('POST', '/api/applicant/complaints', mine.representative, { category: 'complaint', subject: '办事不便', content: '线上提交后长时间无人处理', regionCode: '370982' });
      assert.equal(filed.statusCode, 201, filed.body);
      const id = (filed.json() as { id: string }).id;
      assert.equal((await send('GET', `/api/applicant/complaints/${id}`, theirs.representative)).statusCode, 404);
      assert.equal((await send('POST', `/api/applicant/complaints/${id}/rating`, theirs.representative, { satisfaction: 'very_dissatisfied' })).statusCode, 404);
      assert.ok(!((await send('GET', '/api/applicant/complaints', theirs.representative)).json() as { items: { id: string }[] }).items.some((c) => c.id === id));
      assert.equal((await send('GET', `/api/applicant/complaints/${id}`, mine.representative)).statusCode, 200);
    });

    test('an applicant signed in online reaches no staff route', async () => {
      for (const [method, url] of [
        ['GET', '/api/auth/me'],
        ['GET', `/api/applicants/${mine.organisationId}`],
        ['GET', '/api/inbox'],
        ['GET', '/api/staff'],
        ['POST', '/api/applicants/lookup'],
        ['GET', '/api/audit'],
      ] as [Method, string][]) {
        const response = await send(method, url, mine.representative, method === 'POST' ? { phone: '13500000111' } : undefined);
        assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
      }
    });

    test('one account never reads or changes another’s businesses, nor acts for a business it does not handle', async () => {
      const stranger = theirs.representative;
      const handlersOfMine = `/api/applicant/businesses/${mine.organisationId}/handlers`;
      assert.equal((await send('GET', handlersOfMine, stranger)).statusCode, 404, 'another business’s handlers are not found');
      assert.equal((await send('POST', handlersOfMine, stranger, { phone: '13500000222' })).statusCode, 404);
      assert.equal((await send('DELETE', `${handlersOfMine}/${mine.handlerId}`, stranger)).statusCode, 404);
      // Their own business, but a handler row of mine named under it: not found either.
      assert.equal((await send('DELETE', `/api/applicant/businesses/${theirs.organisationId}/handlers/${mine.handlerId}`, stranger)).statusCode, 404);
      assert.equal((await send('GET', `/api/applicant/businesses/${randomUUID()}/handlers`, stranger)).statusCode, 404);
      assert.equal((await send('GET', '/api/applicant/me', stranger, undefined, { 'x-acting-for': mine.organisationId })).statusCode, 403, 'not a handler of it');
      assert.equal((await send('GET', '/api/applicant/me', mine.handler, undefined, { 'x-acting-for': mine.organisationId })).statusCode, 200, 'its handler may');
      const listed = (await send('GET', '/api/applicant/businesses', stranger)).json() as { applicantId: string }[];
      assert.deepEqual(
        listed.map((b) => b.applicantId),
        [theirs.organisationId],
        'each sees only the businesses they act for',
      );
      const me = (await send('GET', '/api/applicant/me', await signInOnline(ctx, '13500000333'))).json();
      assert.equal(me.phone, '13500000333');
      assert.equal(me.person, null);
      const still = (await send('GET', handlersOfMine, mine.representative)).json() as { id: string }[];
      assert.ok(
        still.some((h) => h.id === mine.handlerId),
        'the refused calls changed nothing',
      );
    });
  });
}
