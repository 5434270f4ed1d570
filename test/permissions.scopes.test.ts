/**
 * The permission matrix: each role sees and does exactly what it should, across departments and
 * regions. Rows are requests, columns are callers; a 403 or 401 must leave nothing written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type RequestOptions, type TestContext } from './support/context.ts';
import { caseSteps, idOf } from './support/case-steps.ts';
import { completeForm } from './support/forms.ts';
import { allProvided } from './support/second-county.ts';

type Caller = 'signed-out' | 'admin' | 'admin.zhaizhen' | 'admin.mz' | 'supervisor' | 'reviewer.mz' | 'frontdesk' | 'api-key';

interface Ids {
  dept: Record<'mz' | 'ga' | 'scjg', string>;
  staff: Record<string, string>;
  center: Record<'city' | 'zhaizhen' | 'loude', string>;
}

for (const backend of testBackends()) {
  describe(`permission matrix (${backend.name})`, () => {
    let ctx: TestContext;
    let ids: Ids;
    const headersOf = new Map<Caller, Pick<RequestOptions, 'cookie' | 'headers'>>();

    before(async () => {
      ctx = await createTestContext(backend);
      const db = ctx.database.db;
      const departments = await db.selectFrom('departments').select(['id', 'name']).execute();
      const dept = (name: string) => departments.find((d) => d.name === name)!.id;
      const staff = await db.selectFrom('staff').select(['id', 'username']).execute();
      const centers = await db.selectFrom('centers').select(['id', 'name']).execute();
      const center = (name: string) => centers.find((c) => c.name === name)!.id;
      ids = {
        dept: { mz: dept('新泰市民政局'), ga: dept('新泰市公安局'), scjg: dept('新泰市市场监督管理局') },
        staff: Object.fromEntries(staff.map((s) => [s.username, s.id])),
        center: { city: center('新泰市政务服务中心'), zhaizhen: center('翟镇便民服务中心'), loude: center('楼德镇便民服务中心') },
      };
      headersOf.set('signed-out', {});
      for (const username of ['admin', 'admin.zhaizhen', 'admin.mz', 'supervisor', 'reviewer.mz', 'frontdesk'] as const) {
        headersOf.set(username, { cookie: await ctx.signIn(username) });
      }
      const key = await ctx.services.apiKeys.create({ actor: { kind: 'system', id: null, name: 'test', grants: [] } }, { name: '外部系统', departmentId: null, regionCode: '370982' });
      headersOf.set('api-key', { headers: { 'x-api-key': key.key! } });
    });
    after(() => ctx.close());

    const auditCount = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    async function expectMatrix(name: string, build: () => Omit<RequestOptions, 'cookie' | 'headers'>, expected: Partial<Record<Caller, number>>): Promise<void> {
      for (const [caller, status] of Object.entries(expected) as [Caller, number][]) {
        const before = await auditCount();
        const response = await ctx.request({ ...build(), ...headersOf.get(caller), idempotencyKey: true });
        assert.equal(response.statusCode, status, `${name} as ${caller}: ${response.body}`);
        if (status >= 400) assert.equal(await auditCount(), before, `${name} as ${caller} wrote nothing`);
      }
    }

    test('every API route needs a signed-in caller except the public ones: health, sign-in, the guide, due dates, the hall, licence verification and keys, the holder PDF behind the query password', async () => {
      const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json();
      const open = [
        'get /api/health',
        'post /api/auth/login',
        'get /api/items',
        'get /api/items/{code}',
        'get /api/items/{code}/versions',
        'get /api/items/{code}/versions/{version}',
        'get /api/bundles',
        'get /api/bundles/{code}',
        'get /api/files/{id}',
        'get /api/calendar/due-date',
        'post /api/public/cases/query',
        // 好差评 公示: a region's monthly figures, counts only.
        'get /api/public/quality',
        // 公示: the centers and each one's public page (masked results, counts).
        'get /api/public/centers',
        'get /api/public/centers/{centerId}/publicity',
        'get /api/licences/{identifier}/verify',
        'get /api/licences/keys',
        'get /api/licences/keys/{keyId}.pem',
        'post /api/public/licences/{identifier}/pdf',
        'get /api/licence-types',
        'get /api/centers/{id}/ticket-classes',
        'post /api/centers/{id}/tickets',
        'get /api/centers/{id}/board',
        'get /api/centers/{id}/board/stream',
        'get /api/hall/centers',
        'get /api/tickets/{id}/status',
        'get /api/centers/{id}/appointment-templates',
        'get /api/centers/{id}/appointment-slots',
        'post /api/centers/{id}/appointments',
        'post /api/appointments/lookup',
        'post /api/appointments/cancel',
        'post /api/centers/{id}/check-in',
        // 网上办事: the sign-in options, sending a code, signing in with it, and the identity platform's way in and back.
        'get /api/applicant/options',
        'post /api/applicant/codes',
        'post /api/applicant/sessions',
        'get /api/applicant/oidc/start',
        'get /api/applicant/oidc/callback',
        // 好差评: the form in force, and the SMS link's page and rating (the token is the proof).
        'get /api/rating-forms/{channel}',
        'get /api/rate/{token}',
        'post /api/rate/{token}',
        'get /api/ratings/kiosk/{centerId}/{ticketNo}',
        'post /api/ratings/kiosk/{centerId}',
      ];
      let checked = 0;
      for (const [path, methods] of Object.entries<Record<string, unknown>>(spec.paths)) {
        for (const method of Object.keys(methods)) {
          if (open.includes(`${method} ${path}`)) continue;
          const url = path
            .replace(/\{id\}/g, ids.dept.mz)
            .replace(/\{code\}/g, '370982')
            .replace(/\{regionCode\}/g, '370982')
            .replace(/\{date\}/g, '2026-12-01')
            .replace(/\{year\}/g, '2027')
            .replace(/\{version\}/g, '1')
            .replace(/\{templateId\}/g, ids.dept.mz)
            .replace(/\{windowId\}/g, ids.dept.mz)
            .replace(/\{channel\}/g, 'onsite')
            .replace(/\{centerId\}/g, ids.dept.mz)
            .replace(/\{token\}/g, 'x');
          const response = await ctx.app.inject({ method: method.toUpperCase() as 'GET', url });
          assert.equal(response.statusCode, 401, `${method} ${path}`);
          checked++;
        }
      }
      assert.ok(checked >= 18, `checked ${checked} routes`);
    });

    test('好差评 figures: public for everyone; the report for supervisors and administrators over the region, a town administrator for the town only', async () => {
      await expectMatrix('public figures', () => ({ method: 'GET', url: '/api/public/quality?region=370982&month=2026-11' }), { 'signed-out': 200, 'api-key': 200, frontdesk: 200 });
      const report = (region: string) => () => ({ method: 'GET' as const, url: `/api/quality/report?region=${region}&month=2026-11` });
      await expectMatrix('county report', report('370982'), { 'signed-out': 401, 'api-key': 403, admin: 200, supervisor: 200, 'admin.mz': 200, 'admin.zhaizhen': 403, 'reviewer.mz': 403, frontdesk: 403 });
      await expectMatrix('town report', report('370982103'), { admin: 200, 'admin.zhaizhen': 200, 'reviewer.mz': 403 });
      const narrowed = await ctx.request({ ...report('370982')(), ...headersOf.get('admin.mz') });
      assert.deepEqual(
        (narrowed.json() as { departments: { departmentId: string }[] }).departments.map((d) => d.departmentId),
        [ids.dept.mz],
        'a department administrator: its own department only',
      );
    });

    test('公示: the centers’ pages for everyone, with nothing personal in any answer; the settings for catalog administrators within their catalog', async () => {
      await expectMatrix('publicity settings', () => ({ method: 'GET', url: '/api/catalog/publicity' }), { 'signed-out': 401, 'api-key': 403, admin: 200, 'admin.mz': 200, supervisor: 403, 'reviewer.mz': 403, frontdesk: 403 });
      const set = (code: string, kind: string, periodDays: number | null) => () => ({ method: 'PUT' as const, url: `/api/items/${code}/publicity`, body: { published: true, kind, periodDays } });
      await expectMatrix('publish 低保', set('370982-MZ-001', 'assistance_list', 7), { 'signed-out': 401, 'api-key': 403, 'admin.zhaizhen': 403, 'reviewer.mz': 403, frontdesk: 403, 'admin.mz': 200 });
      await expectMatrix('publish 医师执业注册', set('370982-WJW-006', 'licence_granted', null), { 'admin.mz': 403, admin: 200 });

      // A demo applicant with a granted licence and a 低保 approval: both published, both masked.
      const { intake, approveThrough } = caseSteps(() => ctx, 950);
      const idNumber = idOf('37098219780808951');
      const created = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: await ctx.signIn('frontdesk'),
        idempotencyKey: true,
        body: { kind: 'person', idNumber, name: '欧阳娜娜', phone: '13905389951', address: '新泰市翟镇史家庄村18号' },
      });
      assert.equal(created.statusCode, 201, created.body);
      for (const [itemCode, scenario, reviewer] of [
        ['370982-WJW-006', null, 'reviewer.wjw'],
        ['370982-MZ-001', 'general', 'reviewer.mz'],
      ] as const) {
        const item = await ctx.services.catalog.getPublished(itemCode);
        const c = await intake({
          itemCode,
          ...(scenario ? { scenario } : {}),
          applicantId: created.json().id,
          channel: 'window',
          materials: allProvided(item.content, scenario),
          form: completeForm(item.content.formFields, { applicant_name: '欧阳娜娜', id_number: idNumber, phone: '13905389951' }),
          decision: 'accept',
        });
        assert.equal(c.statusCode, 201, c.body);
        assert.equal((await approveThrough(c.json().id, reviewer)).json().outcome, 'approved');
      }
      const centers = await ctx.request({ method: 'GET', url: '/api/public/centers' });
      assert.equal(centers.statusCode, 200);
      const bodies = [centers.body];
      for (const center of centers.json() as { id: string }[]) {
        const r = await ctx.request({ method: 'GET', url: `/api/public/centers/${center.id}/publicity` });
        assert.equal(r.statusCode, 200, r.body);
        bodies.push(r.body);
      }
      assert.ok(bodies.some((b) => b.includes('"holder":"欧阳**"')) && bodies.some((b) => b.includes('"name":"欧阳**"')), 'the results are there, masked');
      for (const body of bodies) {
        for (const secret of ['欧阳娜娜', idNumber, idNumber.slice(0, 14), '13905389951', '史家庄村18号']) assert.ok(!body.includes(secret), `a public answer holds ${secret}`);
        // Center ids aside (a UUID's hex may hold a run of digits), no ID number or mobile number of anyone.
        assert.doesNotMatch(body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ''), /\d{17}[\dX]|1[3-9]\d{9}/);
      }
    });

    test('listing staff: administrators and supervisors see the staff inside their scope only', async () => {
      const seen = async (caller: Caller) => {
        const response = await ctx.request({ method: 'GET', url: '/api/staff', ...headersOf.get(caller) });
        return response.statusCode === 200 ? (response.json() as { username: string }[]).map((s) => s.username).sort() : response.statusCode;
      };
      assert.equal(((await seen('admin')) as string[]).length, 17);
      assert.equal(((await seen('supervisor')) as string[]).length, 17);
      assert.deepEqual(await seen('admin.zhaizhen'), ['admin.zhaizhen', 'agent', 'town.zhaizhen']);
      assert.deepEqual(await seen('admin.mz'), ['admin.mz', 'reviewer.mz']);
      assert.equal(await seen('reviewer.mz'), 403);
      assert.equal(await seen('frontdesk'), 403);
      assert.equal(await seen('api-key'), 403);
      assert.equal(await seen('signed-out'), 401);
    });

    test('reading the organisation: every staff member and API keys; signed-out callers not', async () => {
      await expectMatrix('GET departments', () => ({ method: 'GET', url: '/api/departments' }), {
        'signed-out': 401,
        admin: 200,
        'reviewer.mz': 200,
        frontdesk: 200,
        'api-key': 200,
      });
      await expectMatrix('GET centers', () => ({ method: 'GET', url: '/api/centers' }), { 'signed-out': 401, frontdesk: 200, 'api-key': 403 });
    });

    test('the home page: every staff member’s own, not an API key’s', async () => {
      await expectMatrix('GET home', () => ({ method: 'GET', url: '/api/home' }), { 'signed-out': 401, admin: 200, 'admin.zhaizhen': 200, 'admin.mz': 200, supervisor: 200, 'reviewer.mz': 200, frontdesk: 200, 'api-key': 403 });
    });

    test('adding a department: only an administrator of the whole region, not a town or a department administrator', async () => {
      let n = 0;
      const build = () => ({ method: 'POST' as const, url: '/api/departments', body: { name: `新泰市统计局${++n}`, regionCode: '370982' } });
      await expectMatrix('POST department in the county', build, {
        'signed-out': 401,
        'reviewer.mz': 403,
        frontdesk: 403,
        supervisor: 403,
        'api-key': 403,
        'admin.zhaizhen': 403,
        'admin.mz': 403,
        admin: 201,
      });
      await expectMatrix('POST department in 翟镇', () => ({ method: 'POST', url: '/api/departments', body: { name: `翟镇农业服务中心${++n}`, regionCode: '370982103' } }), {
        'admin.mz': 403,
        'admin.zhaizhen': 201,
      });
    });

    test('adding staff: an administrator grants only inside its own department and region', async () => {
      let n = 0;
      const newStaff = (grant: { role: string; departmentId: string | null; regionCode: string }) => () => ({
        method: 'POST' as const,
        url: '/api/staff',
        body: { username: `matrix.${++n}`, displayName: `测试人员${n}`, password: 'password-123', grants: [grant] },
      });
      await expectMatrix('civil-affairs reviewer', newStaff({ role: 'reviewer', departmentId: ids.dept.mz, regionCode: '370982' }), {
        'signed-out': 401,
        'reviewer.mz': 403,
        supervisor: 403,
        'admin.zhaizhen': 403,
        'admin.mz': 201,
        admin: 201,
      });
      await expectMatrix('public-security reviewer', newStaff({ role: 'reviewer', departmentId: ids.dept.ga, regionCode: '370982' }), { 'admin.mz': 403, admin: 201 });
      await expectMatrix('civil-affairs admin of the whole department', newStaff({ role: 'admin', departmentId: null, regionCode: '370982' }), { 'admin.mz': 403 });
      await expectMatrix('town agent in 翟镇', newStaff({ role: 'agent', departmentId: null, regionCode: '370982103201' }), { 'admin.zhaizhen': 201 });
      await expectMatrix('town agent in 楼德镇', newStaff({ role: 'agent', departmentId: null, regionCode: '370982107203' }), { 'admin.zhaizhen': 403, admin: 201 });
    });

    test('changing a staff member: only an administrator whose grants cover all of theirs', async () => {
      await expectMatrix('rename the public-security reviewer', () => ({ method: 'PATCH', url: `/api/staff/${ids.staff['reviewer.ga']}`, body: { phone: '13800000000' } }), {
        'admin.mz': 403,
        'admin.zhaizhen': 403,
        supervisor: 403,
        'reviewer.mz': 403,
        admin: 200,
      });
      await expectMatrix(
        'widen the civil-affairs reviewer to the whole county',
        () => ({
          method: 'PUT',
          url: `/api/staff/${ids.staff['reviewer.mz']}/grants`,
          body: { grants: [{ role: 'reviewer', departmentId: null, regionCode: '370982' }] },
        }),
        { 'admin.mz': 403 },
      );
      await expectMatrix(
        'a town administrator resets the county administrator’s password',
        () => ({
          method: 'POST',
          url: `/api/staff/${ids.staff.admin}/password`,
          body: { password: 'taken-over-1' },
        }),
        { 'admin.zhaizhen': 403, 'admin.mz': 403 },
      );
      await expectMatrix('touch the town approver of 翟镇', () => ({ method: 'PATCH', url: `/api/staff/${ids.staff['town.zhaizhen']}`, body: { phone: '13900000000' } }), {
        'admin.mz': 403,
        'admin.zhaizhen': 200,
      });
    });

    test('centers, windows and regions: a town administrator manages its own town only', async () => {
      await expectMatrix('edit the city center', () => ({ method: 'PATCH', url: `/api/centers/${ids.center.city}`, body: { phone: '0538-1' } }), {
        'admin.zhaizhen': 403,
        'admin.mz': 403,
        frontdesk: 403,
        admin: 200,
      });
      await expectMatrix('edit 翟镇 center', () => ({ method: 'PATCH', url: `/api/centers/${ids.center.zhaizhen}`, body: { phone: '0538-2' } }), { 'admin.zhaizhen': 200 });
      let number = 20;
      await expectMatrix('add a window at 楼德镇', () => ({ method: 'POST', url: '/api/windows', body: { centerId: ids.center.loude, number: ++number, name: '综合窗口', departmentId: null } }), {
        'admin.zhaizhen': 403,
        admin: 201,
      });
      await expectMatrix('add a village under 翟镇', () => ({ method: 'POST', url: '/api/regions', body: { code: '370982103205', name: '新建村', parentCode: '370982103' } }), {
        'admin.mz': 403,
        'admin.zhaizhen': 201,
      });
      await expectMatrix('add a village under 楼德镇', () => ({ method: 'POST', url: '/api/regions', body: { code: '370982107205', name: '新建村', parentCode: '370982107' } }), {
        'admin.zhaizhen': 403,
      });
    });

    test('API keys and the audit log: administrators within scope; the audit log for administrators and supervisors, each the rows of their scope', async () => {
      await expectMatrix('issue a key for the county', () => ({ method: 'POST', url: '/api/api-keys', body: { name: '社保系统', regionCode: '370982' } }), {
        'admin.zhaizhen': 403,
        'admin.mz': 403,
        supervisor: 403,
        'api-key': 403,
        admin: 201,
      });
      await expectMatrix('issue a civil-affairs key', () => ({ method: 'POST', url: '/api/api-keys', body: { name: '民政业务系统', departmentId: ids.dept.mz, regionCode: '370982' } }), {
        'admin.mz': 201,
      });
      // A town or department administrator reads its own rows (test/permissions.matrix.test.ts checks which).
      await expectMatrix('read the audit log', () => ({ method: 'GET', url: '/api/audit' }), {
        'signed-out': 401,
        'reviewer.mz': 403,
        frontdesk: 403,
        'api-key': 403,
        'admin.zhaizhen': 200,
        'admin.mz': 200,
        supervisor: 200,
        admin: 200,
      });
    });
  });
}
