import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roles } from '../src/domain/roles.ts';
import { loadDemo } from '../src/cli/demo.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

for (const backend of testBackends()) {
  describe(`organisation (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    test('the demo is a county-level city with its centers, departments, windows and a sign-in for every role', async () => {
      const centers = (await ctx.request({ method: 'GET', url: '/api/centers', cookie: admin })).json() as { name: string; level: string }[];
      assert.equal(centers.filter((c) => c.level === 'city').length, 1);
      assert.ok(centers.filter((c) => c.level === 'town').length >= 2);
      assert.ok(centers.filter((c) => c.level === 'village').length >= 3);
      const departments = ((await ctx.request({ method: 'GET', url: '/api/departments', cookie: admin })).json() as { name: string; uscc: string }[]).map((d) => d.name);
      for (const name of ['民政局', '市场监督管理局', '公安局', '卫生健康委员会', '人力资源和社会保障局', '住房和城乡建设局', '自然资源和规划局', '教育局']) {
        assert.ok(departments.includes(`新泰市${name}`), name);
      }
      const windows = (await ctx.request({ method: 'GET', url: '/api/windows', cookie: admin })).json() as unknown[];
      assert.ok(windows.length >= 12);
      const staff = (await ctx.request({ method: 'GET', url: '/api/staff', cookie: admin })).json() as { grants: { role: string }[] }[];
      for (const role of roles)
        assert.ok(
          staff.some((s) => s.grants.some((g) => g.role === role)),
          `an account for ${role}`,
        );
      assert.equal(await loadDemo(ctx.services), false, 'loading twice changes nothing');
    });

    test('a region is added under its parent at the next level, with a well-formed code', async () => {
      const created = await ctx.request({ method: 'POST', url: '/api/regions', cookie: admin, body: { code: '370982104', name: '羊流镇', parentCode: '370982' }, idempotencyKey: true });
      assert.equal(created.statusCode, 201);
      assert.deepEqual(created.json(), { code: '370982104', name: '羊流镇', level: 'town', parentCode: '370982', path: '370000.370900.370982.370982104' });
      const badCode = await ctx.request({ method: 'POST', url: '/api/regions', cookie: admin, body: { code: '37098', name: 'x', parentCode: '370982' }, idempotencyKey: true });
      assert.equal(badCode.statusCode, 400);
      const again = await ctx.request({ method: 'POST', url: '/api/regions', cookie: admin, body: { code: '370982104', name: '羊流镇', parentCode: '370982' }, idempotencyKey: true });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.message, '区划代码 370982104 已存在');
      const underVillage = await ctx.request({ method: 'POST', url: '/api/regions', cookie: admin, body: { code: '370982103299', name: 'x', parentCode: '370982103201' }, idempotencyKey: true });
      assert.equal(underVillage.statusCode, 400);
      assert.equal(underVillage.json().error.message, '村(社区)下不能再设下级区划');
    });

    test('a department needs a valid USCC (GB 32100) and a unique name in its region', async () => {
      const bad = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '新泰市体育局', uscc: '11370982MB0285681Y', regionCode: '370982' }, idempotencyKey: true });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /GB 32100/);
      const lower = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '新泰市体育局', uscc: '91350100m000100y43', regionCode: '370982' }, idempotencyKey: true });
      assert.equal(lower.statusCode, 201, 'lower-case input is normalised');
      assert.equal(lower.json().uscc, '91350100M000100Y43');
      const same = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '新泰市体育局', regionCode: '370982' }, idempotencyKey: true });
      assert.equal(same.statusCode, 409);
      const missingRegion = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '某局', regionCode: '110101' }, idempotencyKey: true });
      assert.equal(missingRegion.statusCode, 404);
      assert.equal(missingRegion.json().error.message, '行政区划不存在');
    });

    test('a center fits its region level, and a window number is unique within its center', async () => {
      const wrong = await ctx.request({ method: 'POST', url: '/api/centers', cookie: admin, body: { name: '羊流镇政务服务中心', level: 'city', regionCode: '370982103' }, idempotencyKey: true });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.json().error.message, /乡镇为便民服务中心/);
      const center = await ctx.request({ method: 'POST', url: '/api/centers', cookie: admin, body: { name: '史家庄村第二服务站', level: 'village', regionCode: '370982103201', address: '村委会东' }, idempotencyKey: true });
      assert.equal(center.statusCode, 201);
      const id = center.json().id;
      const first = await ctx.request({ method: 'POST', url: '/api/windows', cookie: admin, body: { centerId: id, number: 1, name: '代办窗口' }, idempotencyKey: true });
      assert.equal(first.statusCode, 201);
      assert.equal(first.json().departmentId, null);
      const clash = await ctx.request({ method: 'POST', url: '/api/windows', cookie: admin, body: { centerId: id, number: 1, name: '另一窗口' }, idempotencyKey: true });
      assert.equal(clash.statusCode, 409);
      assert.equal(clash.json().error.message, '该中心已有 1 号窗口');
      const off = await ctx.request({ method: 'PATCH', url: `/api/windows/${first.json().id}`, cookie: admin, body: { active: false }, idempotencyKey: true });
      assert.equal(off.json().active, false);
      const listed = (await ctx.request({ method: 'GET', url: `/api/windows?centerId=${id}`, cookie: admin })).json();
      assert.deepEqual(
        listed.map((w: { number: number; active: boolean }) => [w.number, w.active]),
        [[1, false]],
      );
    });

    test('staff: usernames are unique, passwords at least 8 characters, nobody disables themselves', async () => {
      const body = { username: 'Clerk.New', displayName: '新受理员', password: 'short', grants: [{ role: 'front_desk', departmentId: null, regionCode: '370982' }] };
      const weak = await ctx.request({ method: 'POST', url: '/api/staff', cookie: admin, body, idempotencyKey: true });
      assert.equal(weak.statusCode, 400);
      const created = await ctx.request({ method: 'POST', url: '/api/staff', cookie: admin, body: { ...body, password: 'long-enough-1' }, idempotencyKey: true });
      assert.equal(created.statusCode, 201);
      assert.equal(created.json().username, 'clerk.new');
      assert.equal('passwordHash' in created.json(), false);
      const taken = await ctx.request({ method: 'POST', url: '/api/staff', cookie: admin, body: { ...body, password: 'long-enough-1' }, idempotencyKey: true });
      assert.equal(taken.statusCode, 409);
      const me = (await ctx.request({ method: 'GET', url: '/api/auth/me', cookie: admin })).json().staff.id;
      const self = await ctx.request({ method: 'PATCH', url: `/api/staff/${me}`, cookie: admin, body: { active: false }, idempotencyKey: true });
      assert.equal(self.statusCode, 409);
      assert.equal(self.json().error.message, '不能停用自己的账号');
    });
  });
}
