/**
 * 数据共享 over HTTP on a real database: an API key reads only the items and fields its scope lists,
 * within its region and department; a read without a reason is refused; every read leaves exactly
 * one log row with its reason; a person is found by resident ID without the number being kept or
 * logged; the key's rate is counted per minute (429 with Retry-After); revoked or expired keys are
 * refused; administrators set the scope (audited) and read the log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskResidentId } from '../src/domain/resident-id.ts';
import { createUnitOfWork } from '../src/repositories/index.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, idOf } from './support/case-steps.ts';
import { issueInput } from './support/e-licences.ts';

const reason = encodeURIComponent('办理户籍迁移核验婚姻登记结果');

for (const backend of testBackends()) {
  describe(`shared-data API (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, intake, act } = caseSteps(() => ctx, 950);
    let key: string;
    let keyId: string;
    let caseNo: string;
    let otherCaseNo: string;
    let identifier: string;
    const personId = idOf('37098219700101950');

    const admin = () => ctx.signIn('admin');
    const read = (url: string, headers: Record<string, string> = { 'x-request-reason': reason }, apiKey = key) => ctx.request({ method: 'GET', url, headers: { 'x-api-key': apiKey, ...headers } });
    const scope = async (body: Record<string, unknown>, id = keyId) => {
      const r = await ctx.request({ method: 'PUT', url: `/api/api-keys/${id}/scope`, cookie: await admin(), idempotencyKey: true, body });
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const logRows = () => ctx.database.db.selectFrom('shared_data_reads').selectAll().orderBy('at').execute();

    async function concludedCase(itemCode: string) {
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished(itemCode);
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const created = await intake({ itemCode, applicantId: person.id, channel: 'window', materials: marks, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const decided = await act(created.json().id, { action: 'decide_on_spot' }, await ctx.signIn('frontdesk'));
      assert.equal(decided.statusCode, 200, decided.body);
      return { person, case: created.json() as { id: string; caseNo: string } };
    }

    before(async () => {
      ctx = await createTestContext(backend);
      const issued = await ctx.request({ method: 'POST', url: '/api/api-keys', cookie: await admin(), idempotencyKey: true, body: { name: '公安户籍系统', regionCode: '370982' } });
      assert.equal(issued.statusCode, 201, issued.body);
      ({ key } = issued.json());
      keyId = issued.json().apiKey.id;

      const first = await concludedCase('370982-MZ-004');
      caseNo = first.case.caseNo;
      const holder = await ctx.database.db.selectFrom('applicants').select(['id', 'name', 'id_masked']).where('id', '=', first.person.id).executeTakeFirstOrThrow();
      const licence = await createUnitOfWork(ctx.database.db).transaction((repos) =>
        ctx.services.eLicences.issueInTransaction(repos, { ...issueInput({ id: holder.id, name: holder.name, idMasked: holder.id_masked }, ctx.clock.now()), caseId: first.case.id, caseNo }),
      );
      identifier = licence.identifier;
      otherCaseNo = (await concludedCase('370982-MZ-004')).case.caseNo;
    });
    after(() => ctx.close());

    test('a key reads nothing until it is scoped; the scope is set by an administrator and audited', async () => {
      const unscoped = await read(`/api/shared/cases/${caseNo}`);
      assert.equal(unscoped.statusCode, 403, unscoped.body);
      assert.match(unscoped.json().error.message, /尚未设置共享范围/);
      assert.equal((await logRows()).length, 0, 'a refused read is not logged as a read');

      const set = await scope({ itemCodes: ['370982-MZ-004'], fields: ['case.caseNo', 'case.status', 'applicant.name', 'licence.identifier', 'licence.status'], ratePerMinute: 600 });
      assert.deepEqual(set.itemCodes, ['370982-MZ-004']);
      assert.equal(set.ratePerMinute, 600);
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'payload']).where('entity_id', '=', keyId).where('action', '=', 'api_key.scope_changed').execute();
      assert.equal(audit.length, 1);
      const unknownItem = await ctx.request({ method: 'PUT', url: `/api/api-keys/${keyId}/scope`, cookie: await admin(), idempotencyKey: true, body: { itemCodes: ['NO-SUCH-ITEM'], fields: [] } });
      assert.equal(unknownItem.statusCode, 400);
      const unknownField = await ctx.request({ method: 'PUT', url: `/api/api-keys/${keyId}/scope`, cookie: await admin(), idempotencyKey: true, body: { itemCodes: [], fields: ['applicant.address'] } });
      assert.equal(unknownField.statusCode, 400);
      const staff = await ctx.request({ method: 'GET', url: `/api/shared/cases/${caseNo}`, cookie: await admin(), headers: { 'x-request-reason': reason } });
      assert.equal(staff.statusCode, 403, 'staff read cases through their own routes, not the shared API');
    });

    test('a read returns only the fields the scope lists, and leaves one log row with its reason', async () => {
      const before = (await logRows()).length;
      const r = await read(`/api/shared/cases/${caseNo}`, { 'x-request-reason': reason, 'x-request-ref': 'HJ-2026-001' });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.deepEqual(Object.keys(body).sort(), ['applicant', 'case', 'licences']);
      assert.deepEqual(Object.keys(body.case).sort(), ['caseNo', 'status']);
      assert.equal(body.case.caseNo, caseNo);
      assert.deepEqual(Object.keys(body.applicant), ['name']);
      assert.deepEqual(body.licences, [{ identifier, status: 'valid' }]);
      for (const unlisted of ['itemName', 'departmentName', 'idNumber', 'idNumberMasked', 'phoneMasked', 'holder', 'issuer', personId, '139053']) {
        assert.ok(!r.body.includes(unlisted), `${unlisted} never appears`);
      }
      const rows = await logRows();
      assert.equal(rows.length, before + 1);
      const row = rows.at(-1)!;
      assert.equal(row.reason, '办理户籍迁移核验婚姻登记结果');
      assert.equal(row.request_ref, 'HJ-2026-001');
      assert.equal(row.subject, caseNo);
      assert.equal(row.route, 'GET /api/shared/cases/:caseNo');
      assert.deepEqual(row.returned, [caseNo, identifier]);
      assert.equal(row.request_id, r.headers['x-request-id']);

      const licence = await read(`/api/shared/licences/${identifier}`);
      assert.equal(licence.statusCode, 200, licence.body);
      assert.deepEqual(licence.json(), { licence: { identifier, status: 'valid' }, case: { caseNo } });
      assert.equal((await logRows()).length, before + 2);
    });

    test('a read without a reason, or with one too short, is refused in both languages and not logged', async () => {
      const before = (await logRows()).length;
      const missing = await read(`/api/shared/cases/${caseNo}`, {});
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error.message, /X-Request-Reason/);
      assert.match(missing.json().error.messageEn, /reason is required/);
      const short = await read(`/api/shared/cases/${caseNo}`, { 'x-request-reason': 'ab' });
      assert.equal(short.statusCode, 400);
      assert.match(short.json().error.message, /4至200字/);
      assert.equal((await logRows()).length, before);
    });

    test('an item outside the scope reads as not there, and results of it are refused', async () => {
      await scope({ itemCodes: ['370982-MZ-006'], fields: ['case.caseNo', 'licence.identifier'], ratePerMinute: 600 });
      const outside = await read(`/api/shared/cases/${caseNo}`);
      const nowhere = await read('/api/shared/cases/NO370982000000');
      assert.deepEqual([outside.statusCode, nowhere.statusCode], [404, 404]);
      assert.equal(outside.json().error.message, nowhere.json().error.message, 'the answer does not tell an existing case from none');
      assert.equal((await read(`/api/shared/licences/${identifier}`)).statusCode, 404);
      const results = await read(`/api/shared/results?itemCode=370982-MZ-004&since=2026-01-01T00:00:00Z`);
      assert.equal(results.statusCode, 403);
      await scope({ itemCodes: ['370982-MZ-004'], fields: ['case.caseNo', 'case.status', 'applicant.name', 'licence.identifier', 'licence.status'], ratePerMinute: 600 });
    });

    test('a key of another department or region reads none of our cases', async () => {
      const departments = await ctx.database.db.selectFrom('departments').select(['id', 'name']).execute();
      const ga = departments.find((d) => d.name === '新泰市公安局')!.id;
      const issued = await ctx.request({ method: 'POST', url: '/api/api-keys', cookie: await admin(), idempotencyKey: true, body: { name: '公安内部系统', departmentId: ga, regionCode: '370982' } });
      const other = issued.json();
      await scope({ itemCodes: ['370982-MZ-004'], fields: ['case.caseNo'], ratePerMinute: 600 }, other.apiKey.id);
      assert.equal((await read(`/api/shared/cases/${caseNo}`, { 'x-request-reason': reason }, other.key)).statusCode, 404, 'a 民政 case lies outside a 公安-only key');
    });

    test('results of an item since a time come a page at a time', async () => {
      const first = await read('/api/shared/results?itemCode=370982-MZ-004&since=2026-11-01T00:00:00Z&limit=1');
      assert.equal(first.statusCode, 200, first.body);
      const page1 = first.json();
      assert.equal(page1.items.length, 1);
      assert.ok(page1.nextCursor);
      const second = await read(`/api/shared/results?itemCode=370982-MZ-004&since=2026-11-01T00:00:00Z&limit=1&cursor=${page1.nextCursor}`);
      const page2 = second.json();
      assert.equal(page2.items.length, 1);
      const seen = [page1.items[0].case.caseNo, page2.items[0].case.caseNo];
      assert.deepEqual(new Set(seen), new Set([caseNo, otherCaseNo]));
      assert.equal(page2.nextCursor, null);
      assert.equal((await read('/api/shared/results?itemCode=370982-MZ-004&since=2026-11-01T00:00:00Z&cursor=bm90LWEtY3Vyc29y')).statusCode, 400);
      const pages = (await logRows()).filter((r) => r.subject_kind === 'results');
      assert.deepEqual(pages.map((r) => r.returned).sort(), [[caseNo, identifier], [otherCaseNo]].sort(), 'one log row a page, naming what it returned (the licence with its case)');
    });

    test('a person’s e-licences are found by resident ID, which is never kept or logged in clear', async () => {
      const found = await read(`/api/shared/persons/licences?idNumber=${personId}`);
      assert.equal(found.statusCode, 200, found.body);
      assert.deepEqual(found.json(), { licences: [{ identifier, status: 'valid' }] });
      const none = await read(`/api/shared/persons/licences?idNumber=${idOf('37098219800101001')}`);
      assert.deepEqual(none.json(), { licences: [] });
      const invalid = await read('/api/shared/persons/licences?idNumber=370982197001019999');
      assert.equal(invalid.statusCode, 400);

      const rows = await logRows();
      const personRows = rows.filter((r) => r.subject_kind === 'person');
      assert.equal(personRows.length, 2);
      assert.equal(personRows[0]!.subject_label, maskResidentId(personId), 'the label is the masked number');
      assert.match(personRows[0]!.subject, /^[0-9a-f]{64}$/, 'the subject is the keyed fingerprint');
      assert.ok(!JSON.stringify(rows).includes(personId), 'no log row holds the ID number');
      assert.ok(!JSON.stringify(rows).includes(personId.slice(6, 14)), 'nor its birth date');

      // The administrator finds the reads of that person by typing the number: the log is searched by its fingerprint.
      const log = await ctx.request({ method: 'GET', url: `/api/shared-data/reads?apiKeyId=${keyId}&subject=${personId}`, cookie: await admin() });
      assert.equal(log.statusCode, 200, log.body);
      assert.equal(log.json().rows.length, 1);
      assert.ok(!log.body.includes(personId));
      assert.equal(log.json().rows[0].subject, personRows[0]!.subject_label, 'the log shows the masked number');
    });

    test('the read log: who read what, when and why, filtered, for administrators and supervisors only', async () => {
      const all = await ctx.request({ method: 'GET', url: `/api/shared-data/reads?apiKeyId=${keyId}`, cookie: await admin() });
      assert.equal(all.statusCode, 200, all.body);
      const rows = all.json().rows as { apiKeyName: string; reason: string; subject: string; returned: string[] }[];
      assert.equal(rows.length, (await logRows()).filter((r) => r.api_key_id === keyId).length);
      assert.ok(rows.every((r) => r.apiKeyName === '公安户籍系统' && r.reason === '办理户籍迁移核验婚姻登记结果'));
      const byCase = await ctx.request({ method: 'GET', url: `/api/shared-data/reads?subject=${caseNo}`, cookie: await ctx.signIn('supervisor') });
      assert.equal(byCase.statusCode, 200, byCase.body);
      assert.ok(byCase.json().rows.length >= 2, 'the case read itself and the results pages that returned it');
      assert.ok(byCase.json().rows.every((r: { subject: string; returned: string[] }) => r.subject === caseNo || r.returned.includes(caseNo)));
      const paged = await ctx.request({ method: 'GET', url: `/api/shared-data/reads?apiKeyId=${keyId}&limit=2`, cookie: await admin() });
      const next = await ctx.request({ method: 'GET', url: `/api/shared-data/reads?apiKeyId=${keyId}&limit=2&before=${paged.json().nextBefore}`, cookie: await admin() });
      assert.equal(next.json().rows.length, 2);
      assert.notDeepEqual(next.json().rows[0].id, paged.json().rows[0].id);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/shared-data/reads', cookie: await ctx.signIn('frontdesk') })).statusCode, 403);
      assert.equal((await read('/api/shared-data/reads')).statusCode, 403, 'a key does not read the log');
      await assert.rejects(ctx.database.db.deleteFrom('shared_data_reads').execute(), /append-only/);
    });

    test('over its rate a minute, a key is refused with 429 and Retry-After until the next minute', async () => {
      await scope({ itemCodes: ['370982-MZ-004'], fields: ['case.caseNo'], ratePerMinute: 3 });
      // Start at a fresh minute: the earlier tests' reads counted in the current one.
      ctx.clock.advance(60_000 - (ctx.clock.now().getTime() % 60_000));
      for (let i = 0; i < 3; i++) assert.equal((await read(`/api/shared/cases/${caseNo}`)).statusCode, 200);
      const before = (await logRows()).length;
      const refused = await read(`/api/shared/cases/${caseNo}`);
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], '60');
      assert.match(refused.json().error.message, /每分钟最多查询 3 次/);
      assert.equal((await logRows()).length, before);
      ctx.clock.advance(60_000);
      assert.equal((await read(`/api/shared/cases/${caseNo}`)).statusCode, 200);
      const counters = await ctx.database.db.selectFrom('shared_data_rate').selectAll().where('api_key_id', '=', keyId).execute();
      assert.equal(counters.length, 1, 'earlier minutes are forgotten');
    });

    test('an expired or revoked key is refused with 401', async () => {
      await scope({ itemCodes: ['370982-MZ-004'], fields: ['case.caseNo'], ratePerMinute: 600, expiresAt: new Date(ctx.clock.now().getTime() + 3_600_000).toISOString() });
      assert.equal((await read(`/api/shared/cases/${caseNo}`)).statusCode, 200);
      ctx.clock.advance(2 * 3_600_000);
      const expired = await read(`/api/shared/cases/${caseNo}`);
      assert.equal(expired.statusCode, 401);
      assert.match(expired.json().error.message, /已过期/);
      await scope({ itemCodes: ['370982-MZ-004'], fields: ['case.caseNo'], ratePerMinute: 600, expiresAt: null });
      assert.equal((await read(`/api/shared/cases/${caseNo}`)).statusCode, 200);
      const revoked = await ctx.request({ method: 'DELETE', url: `/api/api-keys/${keyId}`, cookie: await admin(), idempotencyKey: true });
      assert.equal(revoked.statusCode, 200);
      assert.equal((await read(`/api/shared/cases/${caseNo}`)).statusCode, 401);
      const rescope = await ctx.request({ method: 'PUT', url: `/api/api-keys/${keyId}/scope`, cookie: await admin(), idempotencyKey: true, body: { itemCodes: [], fields: [] } });
      assert.equal(rescope.statusCode, 409);
    });
  });
}
