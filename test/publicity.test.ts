/**
 * 公示 over HTTP on a real database: a granted licence appears on the center's page, its holder
 * masked (a company named in full); an unpublished item's results never do; a 低保 list shows a
 * result only within its period; the figures are the rollup's; the settings are the catalog
 * administrators' and audited.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { percent } from '../src/domain/quality-report.ts';
import { PublicityRepository } from '../src/repositories/publicity.repository.ts';
import { maskPersonName, lastTwelveMonths } from '../src/domain/publicity.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day, idOf } from './support/case-steps.ts';
import { completeForm } from './support/forms.ts';
import { allProvided } from './support/second-county.ts';

describe('publicity masking', () => {
  test('a person keeps the surname only, a double surname whole', () => {
    assert.equal(maskPersonName('张三'), '张*');
    assert.equal(maskPersonName('张三丰'), '张**');
    assert.equal(maskPersonName('欧阳娜娜'), '欧阳**');
    assert.equal(maskPersonName('欧阳修'), '欧阳*');
    assert.equal(maskPersonName('欧阳'), '欧*', 'two characters: a surname and a given name, whatever they spell');
    assert.equal(maskPersonName('王'), '*');
  });
  test('the twelve months end with the given one and cross the year', () => {
    assert.deepEqual(lastTwelveMonths('2026-02'), ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

for (const backend of testBackends()) {
  describe(`公示 (${backend.name})`, () => {
    let ctx: TestContext;
    let cityCenter: string;
    const { intake, approveThrough } = caseSteps(() => ctx, 900);
    before(async () => {
      ctx = await createTestContext(backend);
      cityCenter = (await ctx.database.db.selectFrom('centers').select('id').where('region_code', '=', '370982').executeTakeFirstOrThrow()).id;
    });
    after(() => ctx.close());

    const page = async (centerId = cityCenter, query = '') => {
      const r = await ctx.request({ method: 'GET', url: `/api/public/centers/${centerId}/publicity${query}` });
      assert.equal(r.statusCode, 200, r.body);
      return { body: r.body, json: r.json() };
    };
    const setPublicity = async (code: string, body: Record<string, unknown>, user = 'admin') => ctx.request({ method: 'PUT', url: `/api/items/${code}/publicity`, cookie: await ctx.signIn(user), idempotencyKey: true, body });
    const person = async (name: string, id17: string, phone: string) => {
      const r = await ctx.request({ method: 'POST', url: '/api/applicants', cookie: await ctx.signIn('frontdesk'), idempotencyKey: true, body: { kind: 'person', idNumber: idOf(id17), name, phone, address: '新泰市翟镇史家庄村88号' } });
      assert.equal(r.statusCode, 201, r.body);
      return { id: r.json().id as string, idNumber: idOf(id17) };
    };
    const concluded = async (itemCode: string, applicantId: string, reviewer: string, scenario: string | null, form?: Record<string, string>) => {
      const item = await ctx.services.catalog.getPublished(itemCode);
      const created = await intake({ itemCode, ...(scenario ? { scenario } : {}), applicantId, channel: 'window', materials: allProvided(item.content, scenario), form: completeForm(item.content.formFields, form), decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const done = await approveThrough(created.json().id, reviewer);
      assert.equal(done.json().status, 'concluded', done.body);
      assert.equal(done.json().outcome, 'approved');
      return done.json() as { id: string; caseNo: string; concludedAt: string };
    };

    test('the settings: a catalog administrator sets them, audited; a reviewer may not; a list needs its period', async () => {
      const saved = await setPublicity('370982-SCJG-003', { published: true, kind: 'licence_granted', periodDays: null });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual([saved.json().published, saved.json().kind, saved.json().name], [true, 'licence_granted', '食品经营许可']);
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'payload']).where('action', '=', 'item.publicity_set').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      assert.equal((audit.payload as { implementationCode: string }).implementationCode, '370982-SCJG-003');
      assert.equal((await setPublicity('370982-SCJG-003', { published: false, kind: 'licence_granted', periodDays: null }, 'reviewer.scjg')).statusCode, 403);
      const noPeriod = await setPublicity('370982-MZ-001', { published: true, kind: 'assistance_list', periodDays: null });
      assert.equal(noPeriod.statusCode, 400, noPeriod.body);
      assert.equal((await setPublicity('370982-NOPE-001', { published: true, kind: 'licence_granted', periodDays: null })).statusCode, 404);
      // The civil-affairs administrator edits only the civil-affairs catalog.
      assert.equal((await setPublicity('370982-SCJG-003', { published: true, kind: 'licence_granted', periodDays: null }, 'admin.mz')).statusCode, 403);
      const list = await ctx.request({ method: 'GET', url: '/api/catalog/publicity', cookie: await ctx.signIn('admin.mz') });
      assert.equal(list.statusCode, 200);
      assert.ok(list.json().every((s: { implementationCode: string }) => s.implementationCode.startsWith('370982-MZ-')));
    });

    test('a granted licence appears masked, a company by its name; an unpublished item’s result never', async () => {
      await setPublicity('370982-SCJG-003', { published: true, kind: 'licence_granted', periodDays: null });
      await setPublicity('370982-WJW-006', { published: true, kind: 'licence_granted', periodDays: null });
      const applicant = await person('欧阳娜娜', '37098219800202901', '13905389901');
      await concluded('370982-WJW-006', applicant.id, 'reviewer.wjw', null);
      const company = await person('司马光明', '37098219800202902', '13905389902');
      await concluded('370982-SCJG-003', company.id, 'reviewer.scjg', 'catering', { org_name: '新泰市鲁味轩餐饮有限公司' });
      // A business trading under the person's own name: the person is shown, masked, not the name.
      const trader = await person('皇甫嵩', '37098219800202904', '13905389905');
      await concluded('370982-SCJG-003', trader.id, 'reviewer.scjg', 'catering', { org_name: '新泰市皇甫嵩小吃店' });
      // 教师资格认定 is granted too, but nobody published it.
      const unpublished = await person('诸葛亮亮', '37098219800202903', '13905389903');
      await concluded('370982-JY-002', unpublished.id, 'reviewer.jy', null);

      const { body, json } = await page();
      const holders = json.licences.items.map((i: { holder: string; itemCode: string }) => `${i.itemCode} ${i.holder}`);
      assert.ok(holders.includes('370982-WJW-006 欧阳**'), holders.join());
      assert.ok(holders.includes('370982-SCJG-003 新泰市鲁味轩餐饮有限公司'), holders.join());
      assert.ok(holders.includes('370982-SCJG-003 皇甫*'), holders.join());
      assert.ok(!json.licences.items.some((i: { itemCode: string }) => i.itemCode === '370982-JY-002'), 'an unpublished item is not shown');
      const food = json.licences.items.find((i: { itemCode: string }) => i.itemCode === '370982-SCJG-003');
      assert.deepEqual(Object.keys(food).sort(), ['concludedOn', 'holder', 'itemCode', 'itemName', 'place', 'resultName']);
      assert.equal(food.resultName, '食品经营许可证');
      assert.equal(food.place, '新泰市');
      for (const secret of ['欧阳娜娜', '司马光明', '诸葛亮亮', '皇甫嵩', applicant.idNumber, company.idNumber, unpublished.idNumber, '13905389901', '13905389902', '13905389903', '史家庄村88号']) {
        assert.ok(!body.includes(secret), `the page holds ${secret}`);
      }
      const catalogEntry = json.catalog.find((c: { implementationCode: string }) => c.implementationCode === '370982-SCJG-003');
      assert.equal(catalogEntry.publication, 'licence_granted');

      // Unpublishing hides the item's results at once.
      await setPublicity('370982-SCJG-003', { published: false, kind: 'licence_granted', periodDays: null });
      assert.deepEqual(
        (await page()).json.licences.items.map((i: { itemCode: string }) => i.itemCode),
        ['370982-WJW-006'],
      );
      await setPublicity('370982-SCJG-003', { published: true, kind: 'licence_granted', periodDays: null });
    });

    test('pages run newest first and end', async () => {
      const rows = await ctx.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('item_code', 'in', ['370982-SCJG-003', '370982-WJW-006'])
        .where('outcome', '=', 'approved')
        .executeTakeFirstOrThrow();
      const first = (await page()).json;
      assert.equal(first.licences.items.length, Math.min(20, Number(rows.n)));
      const days = first.licences.items.map((i: { concludedOn: string }) => i.concludedOn);
      assert.deepEqual(days, [...days].sort().reverse());
      assert.equal(first.licences.nextBefore, null, 'four results fit on one page');
      // The index walk itself, a page of one: each page starts after the previous one's last entry.
      const repo = new PublicityRepository(ctx.database.db);
      const paths = await repo.subtreePaths('370000.370900.370982');
      const codes = ['370982-SCJG-003', '370982-WJW-006'];
      const seen: string[] = [];
      let cursor: { at: Date; id: string } | undefined;
      for (let i = 0; i < 5; i++) {
        const [row] = await repo.results({ paths, codes, ...(cursor ? { before: cursor } : {}), limit: 1 });
        if (!row) break;
        seen.push(row.id);
        cursor = { at: row.concludedAt, id: row.id };
      }
      assert.equal(seen.length, Number(rows.n));
      assert.equal(new Set(seen).size, seen.length, 'no entry twice');
      const bad = await ctx.request({ method: 'GET', url: `/api/public/centers/${cityCenter}/publicity?before=yesterday` });
      assert.equal(bad.statusCode, 400);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/public/centers/00000000-0000-4000-8000-000000000000/publicity' })).statusCode, 404);
    });

    test('a 低保 list shows a result only during its period', async () => {
      const saved = await setPublicity('370982-MZ-001', { published: true, kind: 'assistance_list', periodDays: 7 });
      assert.equal(saved.statusCode, 200, saved.body);
      const applicant = await person('上官婉儿', '37098219500303901', '13905389904');
      const done = await concluded('370982-MZ-001', applicant.id, 'reviewer.mz', 'general', { household_size: '3' });
      const concludedAt = Date.parse(done.concludedAt);
      const start = ctx.clock.now().getTime();
      try {
        ctx.clock.advance(concludedAt + 6 * day - start);
        const during = await page();
        const entry = during.json.assistance.find((a: { name: string }) => a.name === '上官**');
        assert.ok(entry, during.body);
        assert.equal(entry.householdSize, 3);
        assert.equal(entry.itemCode, '370982-MZ-001');
        assert.ok(!during.body.includes('上官婉儿') && !during.body.includes(applicant.idNumber) && !during.body.includes('13905389904'));
        ctx.clock.advance(2 * day);
        assert.equal(
          (await page()).json.assistance.find((a: { name: string }) => a.name === '上官**'),
          undefined,
          'past its 7 days',
        );
      } finally {
        ctx.clock.advance(start - ctx.clock.now().getTime());
      }
    });

    test('the figures are the rollup’s, month by month, for the center’s region', async () => {
      const { json } = await page();
      assert.equal(json.figures.length, 12);
      const month = json.figures.at(-1);
      assert.equal(month.month, '2026-11');
      assert.deepEqual(
        json.figures.map((f: { month: string }) => f.month),
        lastTwelveMonths('2026-11'),
      );
      const sums = await sql<{ received: string; concluded: string; on_time: string; zero_visit: string; at_most_one_visit: string }>`
        SELECT coalesce(sum(received), 0) AS received, coalesce(sum(concluded), 0) AS concluded, coalesce(sum(on_time), 0) AS on_time,
               coalesce(sum(zero_visit), 0) AS zero_visit, coalesce(sum(at_most_one_visit), 0) AS at_most_one_visit
        FROM case_stats WHERE (region_path = '370000.370900.370982' OR region_path LIKE '370000.370900.370982.%') AND day >= '2026-11-01' AND day < '2026-12-01'`.execute(ctx.database.db);
      const s = sums.rows[0]!;
      assert.ok(Number(s.concluded) >= 3, 'the cases of this file concluded this month');
      assert.deepEqual(
        [month.received, month.concluded, month.onTimeRate, month.zeroVisitRate, month.atMostOneVisitRate],
        [Number(s.received), Number(s.concluded), percent(Number(s.on_time), Number(s.concluded)), percent(Number(s.zero_visit), Number(s.concluded)), percent(Number(s.at_most_one_visit), Number(s.concluded))],
      );
      assert.equal(json.figures[0].concluded, 0);
      assert.equal(json.figures[0].onTimeRate, null);
    });
  });
}
