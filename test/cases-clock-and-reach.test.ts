import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day, onFile } from './support/case-steps.ts';
import { addDays } from '../src/domain/calendar.ts';

for (const backend of testBackends()) {
  describe(`cases: the clock, delegation, bundles, instant items, who sees what, proxy agents (${backend.name})`, () => {
    let ctx: TestContext;
    let org: { id: string };
    const { nextPerson, intake, act, taskAct, view, openTask, societyMaterials, approveThrough } = caseSteps(() => ctx, 500);

    before(async () => {
      ctx = await createTestContext(backend);
      org = await onFile(ctx);
    });
    after(() => ctx.close());
    test('the clock: a special procedure pauses it and moves the due date; warnings are raised once, across sweeps', async () => {
      const c = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      assert.equal(c.dueDate, '2026-12-10');
      const mz = await ctx.signIn('reviewer.mz');
      const task = openTask(c, '新泰市民政局');
      const paused = await taskAct(c.id, task.id, { action: 'suspend', opinion: '组织专家评审', procedure: '专家评审' }, mz);
      assert.equal(paused.json().status, 'suspended');
      assert.equal((await taskAct(c.id, task.id, { action: 'approve' }, mz)).statusCode, 409, 'no decision while paused');
      const frontdesk = await ctx.signIn('frontdesk');
      assert.ok(!(await view(c.id, frontdesk)).available.includes('resume'), 'the front desk is not offered the end of a special procedure');
      const byFrontDesk = await act(c.id, { action: 'resume' }, frontdesk);
      assert.equal(byFrontDesk.statusCode, 409, 'nor can it POST one');
      assert.match(byFrontDesk.json().error.message, /特别程序须由审查部门结束/);
      assert.deepEqual(byFrontDesk.json().error.details, { status: 'suspended', allowed: ['collect_material', 'withdraw'] });
      assert.equal((await view(c.id, mz)).status, 'suspended');
      ctx.clock.advance(3 * day); // Monday → Thursday: 3 working days stood still
      const resumed = await taskAct(c.id, task.id, { action: 'resume' }, await ctx.signIn('reviewer.mz'));
      assert.equal(resumed.statusCode, 200, resumed.body);
      assert.equal(resumed.json().status, 'in_review');
      assert.equal(resumed.json().dueDate, '2026-12-15');
      assert.equal(resumed.json().pausedDays, 3);
      assert.equal(openTask(resumed.json(), '新泰市民政局').dueDate, '2026-12-03');

      ctx.clock.advance(15 * day); // 2026-12-11: two working days left
      const first = await ctx.services.clockJob.sweep();
      assert.ok(first.yellow >= 1);
      const again = await ctx.services.clockJob.sweep();
      assert.equal(again.yellow + again.red, 0, 'never twice');
      ctx.clock.advance(5 * day); // 2026-12-16: overdue
      assert.ok((await ctx.services.clockJob.sweep()).red >= 1);
      const seen = await view(c.id);
      assert.equal(seen.warning, 'red');
      assert.deepEqual(
        seen.notifications.filter((n: { kind: string }) => n.kind.startsWith('warning')).map((n: { kind: string }) => n.kind),
        ['warning_yellow', 'warning_red', 'warning_red_supervisor'],
      );
      ctx.clock.advance(-23 * day);
    });

    test("a delegated 低保 case runs the guide's process at the town (调查核实, 审核确认, 7-day 公示 outside the limit), is filed to the city within 3 working days, and sampled for case-file review", async () => {
      const supervisor = await ctx.signIn('supervisor');
      const admin = await ctx.signIn('admin');
      const mzId = (await ctx.request({ method: 'GET', url: '/api/departments', cookie: admin })).json().find((d: { name: string }) => d.name === '新泰市民政局').id;
      const policy = await ctx.request({ method: 'PUT', url: `/api/departments/${mzId}/file-review-policy`, cookie: supervisor, idempotencyKey: true, body: { samplePercent: 100 } });
      assert.equal(policy.statusCode, 200, policy.body);
      const town = await ctx.signIn('town.zhaizhen');
      const applicant = await nextPerson();
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const materials = dibao.content.materials.filter((m) => m.scenarios.length === 0 && m.required).map((m) => ({ key: m.key, state: m.source === 'shared_data' ? 'shared_data' : 'provided' }));
      const created = await intake({ itemCode: '370982-MZ-001', scenario: 'general', applicantId: applicant.id, channel: 'window', materials, decision: 'accept' }, town);
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json();
      assert.equal(c.delegated, true);
      assert.equal(c.regionCode, '370982103');
      const mz = await ctx.signIn('reviewer.mz');
      assert.ok(!(await ctx.request({ method: 'GET', url: '/api/inbox', cookie: mz })).json().some((e: { id: string }) => e.id === c.id), 'the city reviewer does not decide it');
      const task = c.tasks[0];
      assert.equal((await taskAct(c.id, task.id, { action: 'approve' }, mz)).statusCode, 403);
      assert.ok((await ctx.request({ method: 'GET', url: '/api/inbox', cookie: town })).json().some((e: { id: string }) => e.id === c.id));
      assert.equal(task.stageName, '调查核实');
      const acceptedDue = c.dueDate;
      const investigated = await taskAct(c.id, task.id, { action: 'approve', opinion: '经入户调查,家庭人均收入低于低保标准' }, town);
      assert.equal(investigated.statusCode, 200, investigated.body);
      const confirming = openTask(investigated.json(), '新泰市民政局');
      assert.equal(confirming.stageName, '审核确认');
      const confirmed = await taskAct(c.id, confirming.id, { action: 'approve', opinion: '审核确认,拟纳入低保' }, town);
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      // The notice is posted the day the stage opens: 7 natural days that the 15 working days do not include.
      const inNotice = confirmed.json();
      const notice = inNotice.actions.find((a: { action: string }) => a.action === 'publicity');
      assert.ok(notice, 'the notice is on the case log');
      assert.equal(notice.payload.days, 7);
      assert.equal(notice.payload.end, addDays(notice.payload.posted, 7));
      assert.equal(notice.payload.extension, 5, 'seven calendar days from a weekday cover five working days');
      assert.equal(inNotice.pausedDays, 5);
      assert.ok(inNotice.dueDate > acceptedDue, `${inNotice.dueDate} after ${acceptedDue}`);
      assert.equal(inNotice.dueDate, notice.payload.dueDate);
      const publicity = openTask(inNotice, '新泰市民政局');
      assert.equal(publicity.stageName, '公示与决定');
      assert.ok(publicity.dueDate > notice.payload.end, 'the stage has its days after the notice');
      const offered = (inNotice.tasks as { id: string; actions: string[] }[]).find((t) => t.id === publicity.id)!.actions;
      assert.ok(!offered.includes('approve') && !offered.includes('reject') && offered.includes('comment'), `offered while the notice runs: ${offered}`);
      const early = await taskAct(c.id, publicity.id, { action: 'approve', opinion: '公示无异议' }, town);
      assert.equal(early.statusCode, 409, early.body);
      assert.match(early.json().error.message, /公示期未满/);
      assert.equal((await taskAct(c.id, publicity.id, { action: 'comment', opinion: '公示期间收到一份询问,已答复' }, town)).statusCode, 200, 'objections are recorded meanwhile');
      ctx.clock.advance(8 * day); // the day after the notice's seventh day
      const afterNotice = await view(c.id, await ctx.signIn('town.zhaizhen'));
      assert.ok((afterNotice.tasks as { id: string; actions: string[] }[]).find((t) => t.id === publicity.id)!.actions.includes('approve'), 'offered once it has run');
      const decided = await taskAct(c.id, publicity.id, { action: 'approve', opinion: '公示期满无异议,同意纳入' }, await ctx.signIn('town.zhaizhen'));
      assert.equal(decided.json().status, 'concluded', decided.body);
      const filing = decided.json().filing;
      assert.equal(filing.dueDate, '2026-12-04');
      assert.equal(filing.sampled, true);
      const filings = (await ctx.request({ method: 'GET', url: '/api/filings', cookie: await ctx.signIn('reviewer.mz') })).json();
      assert.ok(filings.some((f: { caseNo: string }) => f.caseNo === c.caseNo));
      const mzNow = await ctx.signIn('reviewer.mz');
      const received = await ctx.request({ method: 'POST', url: `/api/filings/${filing.id}/receive`, cookie: mzNow, idempotencyKey: true, body: {} });
      assert.equal(received.statusCode, 200, received.body);
      const reviewed = await ctx.request({ method: 'POST', url: `/api/filings/${filing.id}/review`, cookie: mzNow, idempotencyKey: true, body: { verdict: 'correct', note: '调查核实充分,程序合法' } });
      assert.equal(reviewed.json().verdict, 'correct', reviewed.body);
      assert.equal((await ctx.request({ method: 'POST', url: `/api/filings/${filing.id}/review`, cookie: mzNow, idempotencyKey: true, body: { verdict: 'incorrect', note: 'x' } })).statusCode, 409);
      ctx.clock.advance(-8 * day);
    });

    test('an 企业开办 bundle runs its child cases in parallel and issues them together', async () => {
      const bundle = await ctx.services.catalog.getBundle('370982-YJS-001');
      const applicant = await nextPerson();
      const marks = bundle.merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem))).map((m) => ({ key: m.key, state: 'provided' }));
      const created = await intake({ bundleCode: '370982-YJS-001', applicantId: applicant.id, channel: 'web', materials: marks, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const parent = created.json();
      assert.equal(parent.children.length, 4);
      assert.equal(parent.visits, 0, 'applied online');
      const reviewers: Record<string, string> = { 新泰市市场监督管理局: 'reviewer.scjg', 新泰市公安局: 'reviewer.ga', 新泰市人力资源和社会保障局: 'reviewer.rs' };
      for (const [index, child] of parent.children.entries()) {
        const detail = await view(child.id);
        assert.equal(detail.status, 'in_review');
        const task = detail.tasks[0];
        const response = await taskAct(child.id, task.id, { action: 'approve' }, await ctx.signIn(reviewers[task.departmentName]!));
        assert.equal(response.statusCode, 200, response.body);
        assert.equal((await view(parent.id)).status, index === parent.children.length - 1 ? 'concluded' : 'in_review');
      }
      const issuer = await ctx.signIn('issuer');
      assert.equal((await act(parent.children[0].id, { action: 'deliver', method: 'window' }, issuer)).statusCode, 409, 'a child is issued with its parent');
      const sent = await act(parent.id, { action: 'deliver', method: 'express', express: { company: 'EMS', trackingNo: '1100123456789', address: '新泰市青云街道府前街1号' } }, issuer);
      assert.equal(sent.statusCode, 200, sent.body);
      assert.equal(sent.json().visits, 0);
      for (const child of parent.children) assert.equal((await view(child.id)).status, 'delivered');
      const child = await view(parent.children[0].id, issuer);
      assert.deepEqual(child.available, [], 'a child of a bundle is archived with its parent');
      const childArchived = await act(child.id, { action: 'archive' }, issuer);
      assert.equal(childArchived.statusCode, 409, childArchived.body);
      assert.match(childArchived.json().error.message, /子件随主件办理/);
      assert.deepEqual(childArchived.json().error.details, { status: 'delivered', allowed: [] });
      const archived = await act(parent.id, { action: 'archive' }, issuer);
      assert.equal(archived.statusCode, 200, archived.body);
      for (const c of parent.children) assert.equal((await view(c.id)).status, 'archived');
    });

    test('an instant item is decided on the spot and handed over on the same trip; case search finds it by ID number and phone', async () => {
      const applicant = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const c = (await intake({ itemCode: '370982-MZ-004', applicantId: applicant.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      assert.equal(c.status, 'accepted');
      assert.deepEqual(c.available, ['decide_on_spot', 'reject_on_spot', 'withdraw']);
      const decided = await act(c.id, { action: 'decide_on_spot' }, await ctx.signIn('frontdesk'));
      assert.equal(decided.json().status, 'concluded');
      const handed = await act(c.id, { action: 'deliver', method: 'window' }, await ctx.signIn('frontdesk'));
      assert.equal(handed.json().visits, 1, 'one trip');
      const found = await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: await ctx.signIn('frontdesk'), body: { phone: handed.json().applicantPhone } });
      assert.deepEqual(
        found.json().cases.map((x: { id: string }) => x.id),
        [c.id],
      );
      const byNumber = await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: await ctx.signIn('supervisor'), body: { caseNo: c.caseNo } });
      assert.equal(byNumber.json().total, 1);
      const agentCookie = await ctx.signIn('agent');
      assert.equal((await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: agentCookie, body: { caseNo: c.caseNo } })).json().total, 0, 'a village agent sees only the village');
    });

    test('an instant case warned by the clock loses its warning once decided on the spot: in its view, in search, in the public query', async () => {
      const applicant = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const c = (await intake({ itemCode: '370982-MZ-004', applicantId: applicant.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      assert.equal(c.dueDate, c.acceptedOn, 'an instant item is due the day it is accepted');
      assert.ok((await ctx.services.clockJob.sweep()).yellow >= 1);
      assert.equal((await view(c.id)).warning, 'yellow');
      const supervisor = await ctx.signIn('supervisor');
      const warned = async () => (await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: supervisor, body: { warning: 'yellow', limit: 100 } })).json().cases.map((x: { id: string }) => x.id);
      assert.ok((await warned()).includes(c.id));
      const publicQuery = async () => (await ctx.request({ method: 'POST', url: '/api/public/cases/query', body: { caseNo: c.caseNo, password: c.queryPassword } })).json();
      const running = await publicQuery();
      assert.deepEqual(
        running.steps.map((s: { step: string }) => s.step),
        ['received', 'accepted'],
        'clock warnings belong to the center: the applicant sees the case received, not the warning',
      );
      assert.doesNotMatch(JSON.stringify(running), /"(yellow|red)"|预警|clock\./);

      // Only a window clerk of the accepting center decides it: not a town's window, not the issuance window, not the department.
      for (const [who, status] of [
        ['town.zhaizhen', 404],
        ['issuer', 409],
        ['reviewer.mz', 409],
      ] as const) {
        const tried = await act(c.id, { action: 'decide_on_spot' }, await ctx.signIn(who));
        assert.equal(tried.statusCode, status, `${who}: ${tried.body}`);
      }
      const decided = await act(c.id, { action: 'decide_on_spot' }, await ctx.signIn('frontdesk'));
      assert.equal(decided.statusCode, 200, decided.body);
      assert.equal(decided.json().status, 'concluded');
      assert.equal(decided.json().warning, 'none');
      assert.ok(!(await warned()).includes(c.id), 'a concluded case is not listed as warned');
      const concluded = await publicQuery();
      assert.ok(
        concluded.steps.some((s: { step: string; outcome: string | null }) => s.step === 'decided' && s.outcome === 'approved'),
        JSON.stringify(concluded.steps),
      );
      assert.doesNotMatch(JSON.stringify(concluded), /"(yellow|red)"|预警|clock\./, 'nor shown to the applicant as warned');
      assert.equal((await ctx.services.clockJob.sweep()).yellow, 0, 'and the clock leaves it alone');
      assert.equal((await view(c.id)).warning, 'none');
    });

    test('permission matrix: who sees a case and who may act on it, across departments and regions', async () => {
      const county = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      const applicant = await nextPerson();
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const dibaoMaterials = dibao.content.materials.filter((m) => m.scenarios.length === 0 && m.required).map((m) => ({ key: m.key, state: 'provided' }));
      const town = (await intake({ itemCode: '370982-MZ-001', applicantId: applicant.id, channel: 'window', materials: dibaoMaterials, decision: 'accept' }, await ctx.signIn('town.zhaizhen'))).json();
      const callers = ['admin', 'supervisor', 'guide', 'frontdesk', 'reviewer.mz', 'reviewer.ga', 'reviewer.scjg', 'issuer', 'agent', 'town.zhaizhen', 'admin.zhaizhen'] as const;
      const expected: Record<string, [number, number, number, number, number]> = {
        //                 see county case, see town case, inbox, issuance, filings
        admin: [200, 200, 403, 403, 200],
        supervisor: [200, 200, 403, 403, 200],
        guide: [200, 200, 403, 403, 403],
        frontdesk: [200, 200, 403, 200, 403],
        'reviewer.mz': [200, 200, 200, 403, 200],
        'reviewer.ga': [200, 404, 200, 403, 200],
        'reviewer.scjg': [404, 404, 200, 403, 200],
        issuer: [200, 200, 403, 200, 403],
        agent: [404, 404, 403, 403, 403],
        'town.zhaizhen': [404, 200, 200, 200, 403],
        'admin.zhaizhen': [404, 200, 403, 403, 200],
      };
      for (const caller of callers) {
        const cookie = await ctx.signIn(caller);
        const got = [
          (await ctx.request({ method: 'GET', url: `/api/cases/${county.id}`, cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: `/api/cases/${town.id}`, cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: '/api/inbox', cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: '/api/issuance', cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: '/api/filings', cookie })).statusCode,
        ];
        assert.deepEqual(got, expected[caller], caller);
      }
      // Acting: only the task's department approves; the front desk and the issuer cannot; nothing is written when refused.
      const task = openTask(county, '新泰市公安局');
      const before = (
        await ctx.database.db
          .selectFrom('case_actions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('case_id', '=', county.id)
          .executeTakeFirstOrThrow()
      ).n;
      for (const [caller, status] of [
        ['reviewer.mz', 403],
        ['reviewer.scjg', 404],
        ['frontdesk', 403],
        ['issuer', 403],
        ['town.zhaizhen', 404],
      ] as const) {
        assert.equal((await taskAct(county.id, task.id, { action: 'approve' }, await ctx.signIn(caller))).statusCode, status, caller);
      }
      for (const [caller, status] of [
        ['reviewer.mz', 403],
        ['guide', 403],
        ['issuer', 403],
        ['supervisor', 403],
      ] as const) {
        assert.equal((await intake({ itemCode: '370982-MZ-004', applicantId: applicant.id, channel: 'window', materials: [], decision: 'correction' }, await ctx.signIn(caller))).statusCode, status, caller);
      }
      assert.equal((await act(county.id, { action: 'withdraw', reason: 'x' }, await ctx.signIn('reviewer.ga'))).statusCode, 409, 'a reviewer cannot withdraw for the applicant');
      const after = (
        await ctx.database.db
          .selectFrom('case_actions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('case_id', '=', county.id)
          .executeTakeFirstOrThrow()
      ).n;
      assert.equal(after, before);

      // Filings follow region and department: the 翟镇 admin and the civil-affairs reviewer see it, public security does not.
      const decided = await approveThrough(town.id, 'town.zhaizhen');
      assert.equal(decided.json().status, 'concluded', decided.body);
      const filingsOf = async (caller: string) => (await ctx.request({ method: 'GET', url: '/api/filings', cookie: await ctx.signIn(caller) })).json().map((f: { caseNo: string }) => f.caseNo);
      assert.ok((await filingsOf('admin.zhaizhen')).includes(town.caseNo));
      assert.ok((await filingsOf('reviewer.mz')).includes(town.caseNo));
      assert.ok(!(await filingsOf('reviewer.ga')).includes(town.caseNo));
    });

    test('a proxy agent only submits, and only under the applicant’s authorisation (the whole path: test/agents.test.ts)', async () => {
      const agent = await ctx.signIn('agent');
      const applicant = await nextPerson();
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const materials = dibao.content.materials.filter((m) => m.scenarios.length === 0 && m.required).map((m) => ({ key: m.key, state: 'provided' }));
      assert.equal((await intake({ itemCode: '370982-MZ-001', applicantId: applicant.id, channel: 'window', materials, decision: 'accept' }, agent)).statusCode, 403);
      const unauthorised = await intake({ itemCode: '370982-MZ-001', applicantId: applicant.id, channel: 'window', materials, decision: 'submit' }, agent);
      assert.equal(unauthorised.statusCode, 400, unauthorised.body);
      assert.match(unauthorised.json().error.message, /委托书/);
    });
  });
}
