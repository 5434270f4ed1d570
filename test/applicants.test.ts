import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prefillForm } from '../src/domain/profile.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { usccCheckChar } from '../src/domain/uscc.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const chen = idOf('37098219800312052');

for (const backend of testBackends()) {
  describe(`applicants and the licence library (${backend.name})`, () => {
    let ctx: TestContext;
    let frontdesk: string;
    before(async () => {
      ctx = await createTestContext(backend);
      frontdesk = await ctx.signIn('frontdesk');
    });
    after(() => ctx.close());

    const register = (body: unknown, cookie = frontdesk) => ctx.request({ method: 'POST', url: '/api/applicants', cookie, body, idempotencyKey: true });

    test('a person is registered once; the ID is checked, shown masked, and stored only sealed', async () => {
      const created = await register({ kind: 'person', idNumber: chen, name: '陈建红', phone: '13905381234', address: '新泰市翟镇史家庄村' });
      assert.equal(created.statusCode, 201, created.body);
      const applicant = created.json();
      assert.equal(applicant.idMasked, `370982********${chen.slice(-4)}`);
      assert.deepEqual([applicant.gender, applicant.birthDate], ['female', '1980-03-12']);
      assert.ok(!created.body.includes(chen), 'the full ID is never returned');
      const raw = await ctx.database.db.selectFrom('applicants').selectAll().execute();
      assert.ok(!JSON.stringify(raw).includes(chen), 'the full ID is not stored in clear');
      const audit = await ctx.database.db.selectFrom('audit_log').select('payload').execute();
      assert.ok(!JSON.stringify(audit).includes(chen), 'nor written to the audit log');

      const again = await register({ kind: 'person', idNumber: chen.toLowerCase(), name: '陈建红', phone: '', address: '' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.message, '该申请人已登记,请直接查找使用');

      const found = await ctx.request({ method: 'POST', url: '/api/applicants/lookup', cookie: await ctx.signIn('reviewer.mz'), body: { idNumber: chen } });
      assert.deepEqual(
        found.json().map((a: { id: string }) => a.id),
        [applicant.id],
      );
      const byPhone = await ctx.request({ method: 'POST', url: '/api/applicants/lookup', cookie: frontdesk, body: { phone: '13905381234' } });
      assert.equal(byPhone.json().length, 1);
      // Without the ID card: phone and name together. A relative sharing the phone is not taken for them.
      const relative = await register({ kind: 'person', idNumber: idOf('37098219800202001'), name: '陈建国', phone: '13905381234', address: '' });
      assert.equal(relative.statusCode, 201, relative.body);
      const lookup = async (body: Record<string, string>) => ctx.request({ method: 'POST', url: '/api/applicants/lookup', cookie: frontdesk, body });
      assert.equal((await lookup({ phone: '13905381234' })).json().length, 2);
      assert.deepEqual(
        (await lookup({ phone: '13905381234', name: ' 陈 建红 ' })).json().map((a: { id: string }) => a.id),
        [applicant.id],
      );
      assert.deepEqual((await lookup({ phone: '13905381234', name: '陈建' })).json(), [], 'the name must match whole');
      const nameAlone = await lookup({ name: '陈建红' });
      assert.equal(nameAlone.statusCode, 400);
      assert.match(nameAlone.json().error.message, /须同时给出手机号/);
      assert.equal((await ctx.request({ method: 'POST', url: '/api/applicants/lookup', body: { phone: '13905381234', name: '陈建红' } })).statusCode, 401, 'signed in only');

      // 一表申请: the profile fills the forms of any item.
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const values = prefillForm(dibao.content.formFields, await ctx.services.applicants.profile(applicant.id));
      assert.ok(Object.values(values).includes('陈建红'));
      assert.ok(Object.values(values).includes(chen), 'the server fills the full ID into forms');
    });

    test('bad IDs and USCCs are refused with the reason, in Chinese and English', async () => {
      const wrongCheck = chen.slice(0, 17) + (chen.endsWith('1') ? '2' : '1');
      const bad = await register({ kind: 'person', idNumber: wrongCheck, name: '某人', phone: '', address: '' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.message, '居民身份证号码无效:末位校验码不符合 GB 11643');
      assert.match(bad.json().error.messageEn, /check_char/);
      const feb30 = idOf('37098219900230001');
      assert.match((await register({ kind: 'person', idNumber: feb30, name: '某人', phone: '', address: '' })).json().error.message, /出生日期不存在/);
      const goodCheck = usccCheckChar('52370982MJD123456')!;
      const wrongUscc = `52370982MJD123456${goodCheck === '0' ? '1' : '0'}`;
      const org = await register({ kind: 'organisation', uscc: wrongUscc, name: '新泰市康乐养老服务中心', legalRepresentative: '王建国', phone: '', address: '' });
      assert.equal(org.statusCode, 400);
      assert.match(org.json().error.message, /统一社会信用代码无效/);
    });

    test('an organisation by its USCC; only intake roles register, only issuers and admins add licences', async () => {
      const org = await register({ kind: 'organisation', uscc: '91350100M000100Y43', name: '新泰市康乐养老服务中心', legalRepresentative: '王建国', phone: '0538-7000000', address: '新泰市青云街道' });
      assert.equal(org.statusCode, 201, org.body);
      assert.equal(org.json().idMasked, null);
      assert.equal((await register({ kind: 'organisation', uscc: '911100001000080343', name: 'x' }, await ctx.signIn('reviewer.mz'))).statusCode, 403);

      const holder = (await ctx.request({ method: 'POST', url: '/api/applicants/lookup', cookie: frontdesk, body: { idNumber: chen } })).json()[0].id;
      const licence = { licenceType: '居民身份证', number: 'ID-1', name: '居民身份证', issuer: '新泰市公安局', issuedOn: '2018-05-01', validUntil: '2038-05-01' };
      const asFrontDesk = await ctx.request({ method: 'POST', url: `/api/applicants/${holder}/licences`, cookie: frontdesk, body: licence, idempotencyKey: true });
      assert.equal(asFrontDesk.statusCode, 403);
      const added = await ctx.request({ method: 'POST', url: `/api/applicants/${holder}/licences`, cookie: await ctx.signIn('issuer'), body: licence, idempotencyKey: true });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().source, 'imported');
      const dup = await ctx.request({ method: 'POST', url: `/api/applicants/${holder}/licences`, cookie: await ctx.signIn('issuer'), body: licence, idempotencyKey: true });
      assert.equal(dup.statusCode, 409);
      const list = await ctx.request({ method: 'GET', url: `/api/applicants/${holder}/licences`, cookie: frontdesk });
      assert.deepEqual(
        list.json().map((l: { licenceType: string }) => l.licenceType),
        ['居民身份证'],
      );
      const backwards = await ctx.request({ method: 'POST', url: `/api/applicants/${holder}/licences`, cookie: await ctx.signIn('admin'), body: { ...licence, number: 'ID-2', validUntil: '2000-01-01' }, idempotencyKey: true });
      assert.equal(backwards.statusCode, 400);
    });
  });
}
