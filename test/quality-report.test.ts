/**
 * 好差评 publication on both databases: a month of ratings, rectifications and complaints written
 * into the tables (test/support/quality-rows.ts) gives the figures counted by hand, with an upheld
 * appeal, a default rating, an anonymous bad rating, a late rectification and an urgent complaint
 * closed late among them; the month is China time; a supervisor narrowed to a department sees only
 * it; the public answer names nobody; the upward file masks identity, leaves anonymous raters out
 * and carries the 12-digit region code; the Excel has its 说明 sheet.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { idOf } from './support/case-steps.ts';
import { onFile } from './support/case-steps.ts';
import { insertCase, insertComplaint, insertRating, insertRectification, insertTicket, qualityBase, type QualityBase } from './support/quality-rows.ts';
import { maskCardNumber, maskName, percent, regionCode12 } from '../src/domain/quality-report.ts';
import type { Actor } from '../src/services/actor.ts';
import { reportText } from '../src/services/quality-report.service.ts';

const at = (local: string) => new Date(`${local}+08:00`);

test('rates are percentages to one decimal, rounded half up, and nothing over nothing is null', () => {
  assert.equal(percent(4, 7), 57.1);
  assert.equal(percent(2, 3), 66.7);
  assert.equal(percent(1, 8), 12.5);
  assert.equal(percent(0, 0), null);
});

test('the 12-digit region code pads a county or town code with zeros on the right', () => {
  assert.equal(regionCode12('370982'), '370982000000');
  assert.equal(regionCode12('370982103'), '370982103000');
  assert.equal(regionCode12('370982103201'), '370982103201');
  assert.throws(() => regionCode12('3709'));
});

test('masks keep a surname, or an ID’s first six and last four, never the whole', () => {
  assert.equal(maskName('王建国', 'person'), '王**');
  assert.equal(maskName('新泰市书法家协会筹备组', 'organisation'), '新泰*******备组');
  assert.equal(maskCardNumber('370982197001011234'), '370982********1234');
});

for (const backend of testBackends()) {
  describe(`好差评 publication (${backend.name})`, () => {
    let ctx: TestContext;
    let base: QualityBase;
    const person = { id: '', name: '', idNumber: idOf('37098219580315201'), phone: '13905381234' };
    let orgId = '';

    before(async () => {
      ctx = await createTestContext(backend);
      const db = ctx.database.db;
      base = await qualityBase(db);
      orgId = (await onFile(ctx)).id;
      const created = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: await ctx.signIn('frontdesk'),
        idempotencyKey: true,
        body: { kind: 'person', idNumber: person.idNumber, name: '郑秀英', phone: person.phone, address: '新泰市翟镇' },
      });
      assert.equal(created.statusCode, 201, created.body);
      person.id = created.json().id;
      person.name = '郑秀英';
      const masked = (await db.selectFrom('applicants').select('id_masked').where('id', '=', person.id).executeTakeFirstOrThrow()).id_masked!;
      const { county, town, departments: d } = base;
      const aCase = (departmentId: string, receivedAt: string, concludedAt: string | null, applicantId = person.id, name = person.name, ref = masked) =>
        insertCase(db, {
          applicantId,
          applicantName: name,
          applicantRef: ref,
          applicantPhone: person.phone,
          departmentId,
          region: county,
          itemCode: '11370982MB28517X1000112001',
          itemName: '社会团体成立登记',
          status: concludedAt ? 'concluded' : 'in_review',
          receivedAt: at(receivedAt),
          concludedAt: concludedAt ? at(concludedAt) : null,
        });

      // r1 非常满意, online, real name (民政)
      const c1 = await aCase(d.mz, '2026-09-28T09:00:00', '2026-10-09T09:30:00');
      await insertRating(db, base, {
        level: 'very_satisfied',
        givenAt: at('2026-10-09T10:00:00'),
        caseId: c1.id,
        itemCode: '11370982MB28517X1000112001',
        itemVersion: 1,
        applicantId: person.id,
        raterPhone: person.phone,
        departmentId: d.mz,
        region: county,
      });
      // r2 满意, on site at the window (公安)
      const t2 = await insertTicket(db, base, at('2026-10-10T09:00:00'), person.id);
      await insertRating(db, base, { level: 'satisfied', givenAt: at('2026-10-10T09:20:00'), ticketId: t2.id, applicantId: person.id, departmentId: d.ga, region: county });
      // r3 基本满意 by default: the case was not rated in the period (民政)
      const c3 = await aCase(d.mz, '2026-09-20T10:00:00', '2026-10-04T10:00:00');
      await insertRating(db, base, { level: 'basic', source: 'default', staffId: null, givenAt: at('2026-10-12T00:05:00'), caseId: c3.id, applicantId: person.id, departmentId: d.mz, region: county });
      // r4 非常不满意, real name: rectified on time, revisited, closed (民政)
      const c4 = await aCase(d.mz, '2026-10-01T10:00:00', '2026-10-12T16:00:00');
      const r4 = await insertRating(db, base, {
        level: 'very_dissatisfied',
        givenAt: at('2026-10-13T08:00:00'),
        caseId: c4.id,
        applicantId: person.id,
        raterPhone: person.phone,
        departmentId: d.mz,
        region: county,
        comment: '郑秀英 13905381234 多次跑动',
      });
      await insertRectification(db, {
        ratingId: r4,
        departmentId: d.mz,
        region: county,
        createdAt: at('2026-10-13T08:00:00'),
        reportDue: '2026-10-20',
        rectifyDue: '2026-10-31',
        state: 'closed',
        reportedAt: at('2026-10-31T18:00:00'),
        revisitedAt: at('2026-11-02T10:00:00'),
        closedAt: at('2026-11-02T10:05:00'),
      });
      // r5 不满意, anonymous, at the window: rectified late (reported after its date), closed (公安)
      const t5 = await insertTicket(db, base, at('2026-10-14T10:00:00'));
      const r5 = await insertRating(db, base, { level: 'dissatisfied', anonymous: true, givenAt: at('2026-10-14T10:30:00'), ticketId: t5.id, departmentId: d.ga, region: county });
      await insertRectification(db, {
        ratingId: r5,
        departmentId: d.ga,
        region: county,
        createdAt: at('2026-10-14T10:30:00'),
        reportDue: '2026-10-21',
        rectifyDue: '2026-11-03',
        state: 'closed',
        reportedAt: at('2026-11-04T09:00:00'),
        closedAt: at('2026-11-05T09:00:00'),
      });
      // r6 不满意 by the organisation, appeal upheld: excluded, its task annulled (市场监管)
      const c6 = await aCase(d.scjg, '2026-10-02T10:00:00', '2026-10-14T10:00:00', orgId, '新泰市书法家协会筹备组', '52370982MJD654321');
      const r6 = await insertRating(db, base, { level: 'dissatisfied', excluded: true, givenAt: at('2026-10-15T11:00:00'), caseId: c6.id, applicantId: orgId, departmentId: d.scjg, region: county });
      await insertRectification(db, { ratingId: r6, departmentId: d.scjg, region: county, createdAt: at('2026-10-15T11:00:00'), reportDue: '2026-10-22', rectifyDue: '2026-11-05', state: 'annulled' });
      // r7 不满意, real name, still rectifying past its date: late, not revisited (公安)
      const t7 = await insertTicket(db, base, at('2026-10-20T14:00:00'), person.id);
      const r7 = await insertRating(db, base, { level: 'dissatisfied', givenAt: at('2026-10-20T14:30:00'), ticketId: t7.id, applicantId: person.id, raterPhone: person.phone, departmentId: d.ga, region: county });
      await insertRectification(db, { ratingId: r7, departmentId: d.ga, region: county, createdAt: at('2026-10-20T14:30:00'), reportDue: '2026-10-27', rectifyDue: '2026-11-10', state: 'triaged' });
      // r8 满意 in the town, the month's last half hour in China (民政)
      const c8 = await aCase(d.mz, '2026-10-20T10:00:00', '2026-10-31T10:00:00');
      await insertRating(db, base, { level: 'satisfied', givenAt: at('2026-10-31T23:30:00'), caseId: c8.id, applicantId: person.id, departmentId: d.mz, region: town });
      // Outside the month in China time (though 2026-10-31 UTC and 2026-09-30 UTC-ish): not counted.
      await insertRating(db, base, { level: 'very_dissatisfied', givenAt: at('2026-11-01T00:10:00'), caseId: c8.id, departmentId: d.mz, region: county });
      await insertRating(db, base, { level: 'very_satisfied', givenAt: at('2026-09-30T23:50:00'), caseId: c1.id, departmentId: d.mz, region: county });

      // Complaints received in October
      await insertComplaint(db, {
        category: 'consultation',
        receivedAt: at('2026-10-09T09:00:00'),
        dueAt: at('2026-10-14T17:00:00'),
        closedAt: at('2026-10-12T10:00:00'),
        departmentId: d.mz,
        region: county,
        complainantName: '郑秀英',
        complainantPhone: person.phone,
      });
      await insertComplaint(db, {
        category: 'complaint',
        receivedAt: at('2026-10-10T09:00:00'),
        dueAt: at('2026-10-29T17:00:00'),
        closedAt: at('2026-10-30T09:00:00'),
        departmentId: d.ga,
        region: county,
        complainantName: '郑秀英',
        complainantPhone: person.phone,
      });
      await insertComplaint(db, { category: 'help', urgent: true, receivedAt: at('2026-10-20T09:00:00'), dueAt: at('2026-10-20T17:00:00'), closedAt: at('2026-10-21T10:00:00'), departmentId: d.mz, region: town });
      await insertComplaint(db, { category: 'report', receivedAt: at('2026-10-25T09:00:00'), dueAt: at('2026-11-11T17:00:00'), departmentId: d.scjg, region: county });
      await insertComplaint(db, { category: 'complaint', receivedAt: at('2026-10-28T09:00:00'), dueAt: at('2026-11-14T17:00:00'), closedAt: at('2026-11-01T09:00:00'), departmentId: null, region: county });
      await insertComplaint(db, { category: 'consultation', receivedAt: at('2026-11-02T09:00:00'), dueAt: at('2026-11-05T17:00:00'), departmentId: d.mz, region: county });
    });
    after(() => ctx.close());

    test('the month’s figures match the hand counts', async () => {
      const response = await ctx.request({ method: 'GET', url: '/api/quality/report?region=370982&month=2026-10', cookie: await ctx.signIn('supervisor') });
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json();
      const t = report.totals;
      assert.deepEqual(t.levels, { very_satisfied: 1, satisfied: 2, basic: 1, dissatisfied: 2, very_dissatisfied: 1 });
      assert.equal(t.total, 7);
      assert.equal(t.satisfied, 4);
      assert.equal(t.satisfactionRate, 57.1);
      assert.equal(t.bad, 3);
      assert.equal(t.excluded, 1, 'the upheld appeal counted apart');
      assert.equal(t.defaults, 1, 'the default rating counted apart (and in 基本满意)');
      assert.equal(t.realNameBad, 2, 'the anonymous and the excluded bad ratings are not to revisit');
      assert.equal(t.revisited, 1);
      assert.equal(t.revisitRate, 50);
      assert.equal(t.rectOpened, 3);
      assert.equal(t.rectClosed, 2);
      assert.equal(t.rectOnTime, 1);
      assert.equal(t.rectLate, 2, 'reported after its date, and past its date unreported');
      assert.equal(t.rectOnTimeRate, 33.3);
      assert.deepEqual(t.complaints, { consultation: 1, help: 1, complaint: 2, report: 1, urgent: 1 });
      assert.equal(t.complaintsTotal, 5);
      assert.equal(t.complaintsClosed, 4);
      assert.equal(t.complaintsClosedOnTime, 2, 'the urgent one closed the next day is late');
      assert.equal(t.complaintsClosedOnTimeRate, 40);
      assert.equal(t.complaintsOverdueOpen, 1);
      assert.equal(report.region.code12, '370982000000');
      const mz = report.departments.find((d: { name: string }) => d.name === '新泰市民政局');
      assert.deepEqual(mz.figures.levels, { very_satisfied: 1, satisfied: 1, basic: 1, dissatisfied: 0, very_dissatisfied: 1 });
      assert.equal(mz.figures.satisfactionRate, 75);
      assert.equal(mz.figures.complaintsTotal, 2);
      assert.ok(
        report.departments.some((d: { departmentId: string | null }) => d.departmentId === null),
        'complaints of no department have their row',
      );
      // The departments' rows add up to the totals.
      assert.equal(
        report.departments.reduce((s: number, d: { figures: { total: number } }) => s + d.figures.total, 0),
        7,
      );

      // The town is a subtree of its own: one rating and the urgent help request.
      const townReport = (await ctx.request({ method: 'GET', url: '/api/quality/report?region=370982103&month=2026-10', cookie: await ctx.signIn('supervisor') })).json();
      assert.equal(townReport.totals.total, 1);
      assert.equal(townReport.totals.complaints.urgent, 1);
      // Another month: zeros, rates null.
      const empty = (await ctx.request({ method: 'GET', url: '/api/quality/report?region=370982&month=2026-08', cookie: await ctx.signIn('supervisor') })).json();
      assert.equal(empty.totals.total, 0);
      assert.equal(empty.totals.satisfactionRate, null);
      console.log(reportText({ ...report, asOf: new Date(report.asOf) }));
    });

    test('a supervisor narrowed to a department sees only that department; others are refused', async () => {
      const supervisorMz: Actor = { kind: 'staff', id: null, name: 'mz supervisor', grants: [{ role: 'supervisor', departmentId: base.departments.mz, regionPath: base.county.path }] };
      const narrowed = await ctx.services.qualityReports.report(supervisorMz, '370982', '2026-10');
      assert.equal(narrowed.narrowed, true);
      assert.deepEqual(
        narrowed.departments.map((d) => d.name),
        ['新泰市民政局'],
      );
      assert.equal(narrowed.totals.total, 4);
      assert.equal(narrowed.totals.complaintsTotal, 2);
      const upward = await ctx.services.qualityReports.upward(supervisorMz, '370982', '2026-10');
      assert.ok(upward.records.every((r) => r.serviceDepartment === '新泰市民政局'));
      const townSupervisor: Actor = { kind: 'staff', id: null, name: 'town supervisor', grants: [{ role: 'supervisor', departmentId: null, regionPath: base.town.path }] };
      await assert.rejects(ctx.services.qualityReports.report(townSupervisor, '370982', '2026-10'), { code: 'FORBIDDEN' });
      assert.equal((await ctx.services.qualityReports.report(townSupervisor, undefined, '2026-10')).totals.total, 1, 'without a region: the grant’s own');
      const reviewer = await ctx.request({ method: 'GET', url: '/api/quality/report?region=370982&month=2026-10', cookie: await ctx.signIn('reviewer.mz') });
      assert.equal(reviewer.statusCode, 403);
      const bad = await ctx.request({ method: 'GET', url: '/api/quality/report?region=370982&month=2026-13', cookie: await ctx.signIn('supervisor') });
      assert.equal(bad.statusCode, 400);
      const unknown = await ctx.request({ method: 'GET', url: '/api/public/quality?region=110000&month=2026-10' });
      assert.equal(unknown.statusCode, 404);
    });

    test('the public answer needs no sign-in and holds no name, phone or ID', async () => {
      const response = await ctx.request({ method: 'GET', url: '/api/public/quality?region=370982&month=2026-10' });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.body;
      assert.equal(response.json().totals.total, 7);
      for (const secret of [person.name, person.phone, person.idNumber, person.idNumber.slice(-4), '书法家', '13905', 'frontdesk', '李娜', '多次跑动']) {
        assert.ok(!body.includes(secret), `the public answer holds ${secret}`);
      }
    });

    test('the upward file: the province’s items, identity masked, anonymous raters bare, 12-digit region, score 1–5', async () => {
      const response = await ctx.request({ method: 'GET', url: '/api/quality/upward?month=2026-10&region=370982', cookie: await ctx.signIn('supervisor') });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(response.headers['content-type'] as string, /^application\/json/);
      assert.equal(response.headers['content-disposition'], `attachment; filename*=UTF-8''${encodeURIComponent('好差评上报-370982-2026-10.json')}`);
      const records = response.json() as Record<string, unknown>[];
      assert.equal(records.length, 7, 'the month’s ratings, the excluded one left out');
      assert.ok(!response.body.includes(person.idNumber), 'never the whole ID');
      assert.ok(!response.body.includes(person.phone), 'never the whole phone');
      assert.ok(!response.body.includes('郑秀英'), 'never the whole name');
      const first = records[0]!;
      assert.equal(first.applicantName, '郑**');
      assert.equal(first.applicantCardNumber, `${person.idNumber.slice(0, 6)}********${person.idNumber.slice(-4)}`);
      assert.equal(first.applicantPhone, '139****1234');
      assert.equal(first.userProp, '1');
      assert.equal(first.score, 5);
      assert.equal(first.levelName, '非常满意');
      assert.equal(first.serviceName, '社会团体成立登记');
      assert.equal(first.serviceCode, '11370982MB28517X1000112001');
      assert.equal(first.serviceVersion, '1');
      assert.equal(first.serviceDepartment, '新泰市民政局');
      assert.match(first.serviceDepartmentCode as string, /^11370982/);
      assert.equal(first.handleStateName, '办结');
      assert.equal(first.applyTime, '2026-09-28 09:00:00');
      assert.equal(first.transactionTime, '2026-10-09 09:30:00');
      assert.equal(first.channel, '2');
      assert.deepEqual(first.evaluatedPersonInfo, [{ loginName: 'frontdesk', name: base.clerk.name }]);
      assert.match(first.projNo as string, /^Q2026/);
      for (const r of records) {
        assert.match(r.regionCode as string, /^\d{12}$/);
        assert.ok([1, 2, 3, 4, 5].includes(r.score as number));
      }
      assert.ok(records.some((r) => r.regionCode === '370982103000' && r.regionName === '翟镇'));
      const anonymous = records.filter((r) => r.anonymous === '1');
      assert.equal(anonymous.length, 1);
      for (const key of ['applicantName', 'applicantCardNumber', 'applicantPhone', 'userProp']) assert.ok(!(key in anonymous[0]!), `an anonymous rating carries no ${key}`);
      const onsite = records.find((r) => r.channel === '1' && r.anonymous === '0')!;
      assert.match(onsite.projNo as string, /^2026101\dA\d{3}$/, 'a visit without a case: its day and ticket');
      const defaulted = records.find((r) => r.source === 'default')!;
      assert.equal(defaulted.score, 3);
      assert.deepEqual(defaulted.evaluatedPersonInfo, []);

      const csv = await ctx.request({ method: 'GET', url: '/api/quality/upward?month=2026-10&region=370982&format=csv', cookie: await ctx.signIn('supervisor') });
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /^text\/csv/);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines.length, 8);
      assert.ok(lines[0]!.startsWith('projNo,projName,serviceName'));
      assert.ok(!csv.body.includes(person.phone));
    });

    test('the Excel export: the table per department with a total, and the 说明 sheet', async () => {
      const response = await ctx.request({ method: 'GET', url: '/api/quality/report/export?region=370982&month=2026-10', cookie: await ctx.signIn('supervisor') });
      assert.equal(response.statusCode, 200, response.body);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const table = workbook.getWorksheet('按部门')!;
      const header = table.getRow(3).values as unknown[];
      const totalRow = table.getRow(table.rowCount).values as unknown[];
      assert.equal(totalRow[1], '合计');
      assert.equal(totalRow[header.indexOf('评价总数')], 7);
      assert.equal(totalRow[header.indexOf('满意率')], '57.1%');
      assert.equal(totalRow[header.indexOf('回访率')], '50.0%');
      const notes = workbook.getWorksheet('说明')!;
      const defined = notes.getColumn(1).values as unknown[];
      for (const figure of ['满意率', '按期整改率', '回访率', '按时办结率', '申诉成立(不计入)']) assert.ok(defined.includes(figure), `说明 defines ${figure}`);
    });
  });
}
