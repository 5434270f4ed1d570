/**
 * 电子监察 alerts on both databases: each rule raises its alert exactly once (a second run, and the
 * unique key, raise nothing more) and none while its fact does not hold; the department responds,
 * the supervisor closes with a verdict; who sees and does what; the dashboards' summary.
 *
 * The rules read the case log from their watermark on, and time only moves forward in the world
 * they watch: the tests that move the test clock far ahead run last.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day, onFile } from './support/case-steps.ts';

for (const backend of testBackends()) {
  describe(`supervision alerts (电子监察) (${backend.name})`, () => {
    let ctx: TestContext;
    let org: { id: string };
    const { intake, taskAct, view, openTask, societyMaterials } = caseSteps(() => ctx, 860);

    before(async () => {
      ctx = await createTestContext(backend);
      org = await onFile(ctx);
    });
    after(() => ctx.close());

    const newCase = async (deferredDue = '2026-12-04') => {
      const created = await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials(deferredDue), decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      return created.json() as { id: string; caseNo: string; dueDate: string };
    };
    const alertsOf = (rule: string, subject: string) => ctx.database.db.selectFrom('supervision_alerts').selectAll().where('rule', '=', rule).where('subject_key', 'like', `${subject}%`).execute();
    const get = async (url: string, who: string) => ctx.request({ method: 'GET', url, cookie: await ctx.signIn(who) });
    const post = async (url: string, who: string, body: unknown) => ctx.request({ method: 'POST', url, cookie: await ctx.signIn(who), body, idempotencyKey: true });
    const returnToApplicant = async (id: string) => {
      const mz = await ctx.signIn('reviewer.mz');
      const task = openTask(await view(id, mz), '新泰市民政局');
      const returned = await taskAct(id, task.id, { action: 'return_to_applicant', opinion: '场地证明与章程所载住所不一致' }, mz);
      assert.equal(returned.statusCode, 200, returned.body);
    };

    test('filing_late: a delegated decision’s filing not received by its due date raises one alert for the delegating department; received or not yet due, none', async () => {
      const [late, received, notDue] = [await newCase(), await newCase(), await newCase()];
      const department = await ctx.database.db.selectFrom('cases').select(['department_id']).where('id', '=', late.id).executeTakeFirstOrThrow();
      const file = (caseId: string, dueDate: string, receivedAt: Date | null) =>
        ctx.database.db
          .insertInto('filings')
          .values({
            case_id: caseId,
            department_id: department.department_id,
            from_region_code: '370982103',
            filed_at: new Date('2026-11-16T02:00:00Z'),
            due_date: dueDate,
            sampled: false,
            received_at: receivedAt,
            received_by: receivedAt ? '民政局审批员 赵强' : null,
          })
          .execute();
      // Decided on 16 November: due in three working days, the 19th; today is the 23rd.
      await file(late.id, '2026-11-19', null);
      await file(received.id, '2026-11-19', new Date('2026-11-18T02:00:00Z'));
      await file(notDue.id, '2026-11-26', null);
      await ctx.services.alerts.evaluate();
      const raised = await alertsOf('filing_late', late.id);
      assert.equal(raised.length, 1);
      assert.equal(raised[0]!.department_id, department.department_id);
      assert.equal(raised[0]!.response_due, '2026-11-26', 'three working days after Monday the 23rd');
      assert.equal(raised[0]!.facts.dueDate, '2026-11-19');
      assert.equal((await alertsOf('filing_late', received.id)).length, 0);
      assert.equal((await alertsOf('filing_late', notDue.id)).length, 0);
      const again = await ctx.services.alerts.evaluate();
      assert.equal(again.raised.filing_late, 0);
      assert.equal((await alertsOf('filing_late', late.id)).length, 1);
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'region_path', 'department_id']).where('entity_id', '=', raised[0]!.id).execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['alert.raised'],
      );
      assert.equal(audit[0]!.department_id, department.department_id);
      const events = await ctx.database.db.selectFrom('outbox').select(['topic', 'payload']).where('topic', '=', 'alert.raised').execute();
      assert.ok(events.some((e) => (e.payload as { id: string }).id === raised[0]!.id));
    });

    test('correction_after_acceptance once per case; returns_unusual once a week when a department returns 5 in 7 days with no history', async () => {
      const cases = [];
      for (let i = 0; i < 5; i++) cases.push(await newCase());
      const mzId = (await ctx.database.db.selectFrom('cases').select('department_id').where('id', '=', cases[0]!.id).executeTakeFirstOrThrow()).department_id;
      const weekly = () => ctx.database.db.selectFrom('supervision_alerts').selectAll().where('rule', '=', 'returns_unusual').where('department_id', '=', mzId).execute();
      // Accepted and in review, nothing returned: no alert.
      await ctx.services.alerts.evaluate();
      assert.equal((await alertsOf('correction_after_acceptance', cases[0]!.id)).length, 0);
      for (const [index, c] of cases.entries()) {
        await returnToApplicant(c.id);
        const report = await ctx.services.alerts.evaluate();
        assert.equal(report.raised.correction_after_acceptance, 1, `return ${index + 1} raises its case's alert`);
        assert.equal((await alertsOf('correction_after_acceptance', c.id)).length, 1);
        assert.equal((await weekly()).length, index < 4 ? 0 : 1, `after ${index + 1} returns`);
      }
      const [unusual] = await weekly();
      assert.equal(unusual!.subject_key, `${mzId}:2026-W48`);
      assert.equal(unusual!.case_id, null);
      assert.deepEqual([unusual!.facts.recent, unusual!.facts.baseline], [5, 0]);
      const correction = (await alertsOf('correction_after_acceptance', cases[0]!.id))[0]!;
      assert.equal(correction.department_id, mzId);
      assert.equal(correction.facts.opinion, '场地证明与章程所载住所不一致');
      const again = await ctx.services.alerts.evaluate();
      assert.equal(again.raised.correction_after_acceptance + again.raised.returns_unusual, 0, 'a second run raises nothing');
    });

    test('the department responds, the supervisor closes with a verdict; each only within their reach', async () => {
      const c = await newCase();
      await returnToApplicant(c.id);
      await ctx.services.alerts.evaluate();
      const id = (await alertsOf('correction_after_acceptance', c.id))[0]!.id;

      const listed = (await get('/api/alerts?rule=correction_after_acceptance&state=open', 'supervisor')).json() as { items: { id: string; caseNo: string; possibleActions: string[] }[]; total: number };
      const mine = listed.items.find((a) => a.id === id)!;
      assert.equal(mine.caseNo, c.caseNo);
      assert.deepEqual(mine.possibleActions, ['close'], 'the supervisor closes, never responds');
      const forMz = (await get(`/api/alerts/${id}`, 'reviewer.mz')).json();
      assert.deepEqual(forMz.possibleActions, ['respond']);
      assert.equal(forMz.state, 'open');
      // Another department sees none of it and cannot answer for it.
      assert.ok(!((await get('/api/alerts', 'reviewer.ga')).json().items as { id: string }[]).some((a) => a.id === id));
      assert.equal((await get(`/api/alerts/${id}`, 'reviewer.ga')).statusCode, 404);
      assert.equal((await post(`/api/alerts/${id}/respond`, 'reviewer.ga', { text: '不是我们的' })).statusCode, 404);
      assert.equal((await get('/api/alerts', 'issuer')).statusCode, 403);
      assert.equal((await post(`/api/alerts/${id}/respond`, 'supervisor', { text: '代为说明' })).statusCode, 403);
      assert.equal((await post(`/api/alerts/${id}/close`, 'reviewer.mz', { verdict: 'justified' })).statusCode, 403);
      assert.equal((await post(`/api/alerts/${id}/respond`, 'reviewer.mz', { text: '' })).statusCode, 400);

      const responded = await post(`/api/alerts/${id}/respond`, 'reviewer.mz', { text: '受理时未核对场地证明地址,已对窗口人员进行提醒' });
      assert.equal(responded.statusCode, 200, responded.body);
      assert.equal(responded.json().state, 'responded');
      assert.equal(responded.json().respondedBy.name, '民政局审批员 赵强');
      const twice = await post(`/api/alerts/${id}/respond`, 'reviewer.mz', { text: '再次说明' });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'ALERT_ACTION_NOT_ALLOWED');
      assert.equal((await post(`/api/alerts/${id}/close`, 'supervisor', { verdict: 'at_fault' })).statusCode, 400, 'a verdict of fault says why');
      const closed = await post(`/api/alerts/${id}/close`, 'supervisor', { verdict: 'rectified', note: '已督促整改' });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.deepEqual([closed.json().state, closed.json().verdict, closed.json().closedBy.name, closed.json().possibleActions], ['closed', 'rectified', '督查 刘洋', []]);
      assert.equal((await post(`/api/alerts/${id}/close`, 'supervisor', { verdict: 'justified' })).json().error.code, 'ALERT_ACTION_NOT_ALLOWED');
      const audit = await ctx.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('seq').execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['alert.raised', 'alert.responded', 'alert.closed'],
      );
    });

    test('the summary counts per rule and state within the caller’s reach, and refuses a region outside it', async () => {
      const summary = (await get('/api/alerts/summary?regionCode=370982&from=2026-11-01&to=2026-11-30', 'supervisor')).json();
      const correction = summary.byRule.find((r: { rule: string }) => r.rule === 'correction_after_acceptance');
      assert.equal(correction.total, 6);
      assert.deepEqual(correction.byState, { open: 5, responded: 0, closed: 1 });
      assert.equal(summary.byRule.find((r: { rule: string }) => r.rule === 'returns_unusual').total, 1);
      assert.equal(summary.total, summary.byState.open + summary.byState.responded + summary.byState.closed);
      const ga = (await get('/api/alerts/summary', 'reviewer.ga')).json();
      assert.equal(ga.total, 0, 'the public-security bureau has none');
      assert.equal((await get('/api/alerts/summary?regionCode=370900', 'supervisor')).statusCode, 403, 'the city above the county');
      assert.equal((await get('/api/alerts/summary?regionCode=379999', 'supervisor')).statusCode, 404);
      assert.equal((await get('/api/alerts/summary?from=2026-11-30&to=2026-11-01', 'supervisor')).statusCode, 400);
      // Nothing raised in October.
      assert.equal((await get('/api/alerts/summary?from=2026-10-01&to=2026-10-31', 'supervisor')).json().total, 0);
    });

    test('case_red and deferred_overdue: raised once when the clock turns red and the material’s date passes; none before', async () => {
      const red = await newCase('2026-12-04');
      const later = await newCase('2026-12-10');
      await ctx.services.clockJob.sweep();
      await ctx.services.alerts.evaluate();
      assert.equal((await alertsOf('case_red', red.id)).length, 0, 'on time: no alert');
      assert.equal((await alertsOf('deferred_overdue', red.id)).length, 0, 'the material is not due yet');
      try {
        ctx.clock.advance(13 * day); // Sunday 6 December: the first material (due the 4th) is overdue, the second not yet
        await ctx.services.alerts.evaluate();
        const deferred = await alertsOf('deferred_overdue', red.id);
        assert.equal(deferred.length, 1);
        assert.equal(deferred[0]!.subject_key, `${red.id}:property_certificate`);
        assert.equal((await alertsOf('deferred_overdue', later.id)).length, 0);
        ctx.clock.advance(5 * day); // Friday 11 December: past the due date 10 December
        const swept = await ctx.services.clockJob.sweep();
        assert.ok(swept.red >= 2);
        const report = await ctx.services.alerts.evaluate();
        assert.ok(report.raised.case_red >= 2);
        const raised = await alertsOf('case_red', red.id);
        assert.equal(raised.length, 1);
        assert.equal(raised[0]!.raised_on, '2026-12-11');
        assert.equal(raised[0]!.response_due, '2026-12-15', 'two working days: Monday and Tuesday');
        assert.equal((await ctx.services.alerts.evaluate()).raised.case_red, 0);
        assert.equal((await alertsOf('case_red', red.id)).length, 1);
        // A week on, still open past its date: overdue in the list and the summary.
        ctx.clock.advance(5 * day);
        const overdue = (await get('/api/alerts?rule=case_red&overdue=true', 'supervisor')).json();
        assert.ok(overdue.items.some((a: { id: string; overdue: boolean }) => a.id === raised[0]!.id && a.overdue));
        assert.ok((await get('/api/alerts/summary?from=2026-12-01', 'supervisor')).json().overdue >= 2);
      } finally {
        ctx.clock.advance(-23 * day);
      }
    });
  });
}
