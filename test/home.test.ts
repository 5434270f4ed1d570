/**
 * 工作台 (GET /api/home) on both databases: the case rollup stays equal to a direct count of the
 * cases through a series of case actions (received, concluded on the spot, a later trip to collect,
 * a bundle concluded online, a withdrawal), and each role's counts are those of its own lists.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { randomUUID } from 'node:crypto';
import { caseSteps, day } from './support/case-steps.ts';
import { completeForm } from './support/forms.ts';
import { insertBadRating } from './support/ratings.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { addSecondCounty, allProvided } from './support/second-county.ts';

interface StatRow {
  region_path: string;
  department_id: string;
  day: string;
  received: number;
  concluded: number;
  on_time: number;
  zero_visit: number;
  at_most_one_visit: number;
}

for (const backend of testBackends()) {
  describe(`the home page and its rollup (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, intake, act, taskAct, view } = caseSteps(() => ctx, 700);

    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    /** The rollup as kept, without rows that came back to zero. */
    const rollup = async (): Promise<StatRow[]> => {
      const rows = await ctx.database.db.selectFrom('case_stats').selectAll().orderBy(['region_path', 'department_id', 'day']).execute();
      return rows.filter((r) => r.received + r.concluded + r.on_time + r.zero_visit + r.at_most_one_visit > 0).map((r) => ({ ...r, day: String(r.day) }));
    };
    /** The same figures counted straight from the cases. */
    const direct = async (): Promise<StatRow[]> => {
      const { rows } = await sql<StatRow>`
        SELECT region_path, department_id::text AS department_id, day::text AS day,
               sum(received)::int AS received, sum(concluded)::int AS concluded, sum(on_time)::int AS on_time,
               sum(zero_visit)::int AS zero_visit, sum(at_most_one_visit)::int AS at_most_one_visit
        FROM (
          SELECT region_path, department_id, (received_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS received, 0 AS concluded, 0 AS on_time, 0 AS zero_visit, 0 AS at_most_one_visit
          FROM cases WHERE parent_id IS NULL
          UNION ALL
          SELECT region_path, department_id, (concluded_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1,
                 (due_date IS NULL OR (concluded_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)::int, (visits = 0)::int, (visits <= 1)::int
          FROM cases WHERE parent_id IS NULL AND concluded_at IS NOT NULL
        ) AS c
        GROUP BY region_path, department_id, day
        ORDER BY region_path, department_id, day`.execute(ctx.database.db);
      return rows;
    };
    const assertInStep = async (when: string) => assert.deepEqual(await rollup(), await direct(), `the rollup equals a direct count ${when}`);
    const home = async (username: string) => {
      const response = await ctx.request({ method: 'GET', url: '/api/home', cookie: await ctx.signIn(username) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { day: string; queues: { key: string; count: number }[]; warnings: { yellow: number; red: number }; hall: { centerName: string }[]; rates: Record<string, number | string> | null };
    };
    const queue = (h: Awaited<ReturnType<typeof home>>, key: string) => h.queues.find((q) => q.key === key)?.count;

    test('the rollup equals a direct count of the cases after every kind of case change', async () => {
      await assertInStep('at the start');
      const frontdesk = await ctx.signIn('frontdesk');
      const supervisorBefore = (await home('supervisor')).rates!;

      // An instant item: received and decided on the spot (one trip so far).
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const instant = (await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      await assertInStep('after intake');
      assert.equal((await act(instant.id, { action: 'decide_on_spot' }, frontdesk)).statusCode, 200);
      await assertInStep('after a decision on the spot');
      const afterDecision = (await home('supervisor')).rates!;
      assert.equal(afterDecision.concluded, Number(supervisorBefore.concluded) + 1);
      assert.equal(afterDecision.atMostOneVisit, Number(supervisorBefore.atMostOneVisit) + 1);

      // The applicant comes back another day for the result: a second trip moves the conclusion's figures.
      ctx.clock.advance(day);
      const handed = await act(instant.id, { action: 'deliver', method: 'window' }, await ctx.signIn('frontdesk'));
      assert.equal(handed.json().visits, 2, handed.body);
      await assertInStep('after a second trip');
      assert.equal((await home('supervisor')).rates!.atMostOneVisit, Number(supervisorBefore.atMostOneVisit), 'no longer at most one trip');

      // A bundle applied for online and concluded when its last child is approved: one matter, no trip.
      const bundle = await ctx.services.catalog.getBundle('370982-YJS-001');
      const applicant = await nextPerson();
      const bundleMarks = bundle.merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem))).map((m) => ({ key: m.key, state: 'provided' }));
      const parent = (await intake({ bundleCode: '370982-YJS-001', applicantId: applicant.id, channel: 'web', materials: bundleMarks, decision: 'accept' })).json();
      const reviewers: Record<string, string> = { 新泰市市场监督管理局: 'reviewer.scjg', 新泰市公安局: 'reviewer.ga', 新泰市人力资源和社会保障局: 'reviewer.rs' };
      for (const child of parent.children) {
        const task = (await view(child.id)).tasks[0];
        assert.equal((await taskAct(child.id, task.id, { action: 'approve' }, await ctx.signIn(reviewers[task.departmentName]!))).statusCode, 200);
        await assertInStep(`after ${task.departmentName} approved`);
      }
      assert.equal((await view(parent.id)).status, 'concluded');
      const afterBundle = (await home('supervisor')).rates!;
      assert.equal(afterBundle.zeroVisit, Number(supervisorBefore.zeroVisit) + 1, 'the bundle counts once, with no trip');

      // Withdrawn before a decision: received, never concluded.
      const other = await nextPerson();
      const withdrawn = (await intake({ itemCode: '370982-MZ-004', applicantId: other.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      assert.equal((await act(withdrawn.id, { action: 'withdraw', reason: '申请人撤回' }, await ctx.signIn('frontdesk'))).statusCode, 200);
      await assertInStep('after a withdrawal');

      // The supervisor's rates are the rollup's sums over their region and the last 30 days.
      const rates = (await home('supervisor')).rates!;
      const rows = (await direct()).filter((r) => r.day >= String(rates.from) && r.day <= String(rates.to));
      const sum = (k: keyof StatRow) => rows.reduce((n, r) => n + Number(r[k]), 0);
      assert.deepEqual([rates.received, rates.concluded, rates.onTime, rates.zeroVisit, rates.atMostOneVisit], [sum('received'), sum('concluded'), sum('on_time'), sum('zero_visit'), sum('at_most_one_visit')]);
    });

    test('each role’s counts are those of its own lists, in its own scope', async () => {
      const frontdesk = await home('frontdesk');
      assert.deepEqual(frontdesk.queues.map((q) => q.key).sort(), ['awaitingCorrection', 'complaintsOverdue', 'rectificationsLate', 'rectificationsToRevisit', 'toAccept', 'toIssue']);
      assert.equal(frontdesk.rates, null, 'rates are for those who oversee the center');
      assert.ok(
        frontdesk.hall.some((h) => h.centerName === '新泰市政务服务中心'),
        'today’s hall at the county center',
      );

      for (const username of ['reviewer.mz', 'reviewer.scjg', 'town.zhaizhen']) {
        const h = await home(username);
        const inbox = (await ctx.request({ method: 'GET', url: '/api/inbox', cookie: await ctx.signIn(username) })).json() as unknown[];
        assert.equal(queue(h, 'toReview'), inbox.length, `${username}: the inbox counted`);
      }
      const mz = await home('reviewer.mz');
      const filings = (await ctx.request({ method: 'GET', url: '/api/filings', cookie: await ctx.signIn('reviewer.mz') })).json() as { receivedAt: string | null }[];
      assert.equal(queue(mz, 'filingsDue'), filings.filter((f) => f.receivedAt === null).length, 'the filings not yet received');
      assert.equal(queue(mz, 'toIssue'), undefined, 'a reviewer issues nothing');

      const issuer = await home('issuer');
      const issuance = (await ctx.request({ method: 'GET', url: '/api/issuance', cookie: await ctx.signIn('issuer') })).json() as unknown[];
      assert.equal(queue(issuer, 'toIssue'), issuance.length);
      assert.deepEqual(
        issuer.queues.map((q) => q.key),
        ['toIssue'],
      );

      // The warnings are the case search's, in each person's scope.
      const countRed = async (username: string) =>
        (await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: await ctx.signIn(username), body: { warning: 'red', status: ['accepted', 'in_review', 'suspended'] } })).json().total as number;
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const running = (await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      await ctx.database.db.updateTable('cases').set({ warning: 'red' }).where('id', '=', running.id).execute();
      const supervisor = await home('supervisor');
      assert.ok(supervisor.warnings.red > 0, 'red cases in the county');
      assert.equal(supervisor.warnings.red, await countRed('supervisor'));
      assert.equal(supervisor.rates!.overdueNow, supervisor.warnings.red);
      for (const username of ['reviewer.mz', 'reviewer.rs', 'agent']) assert.equal((await home(username)).warnings.red, await countRed(username), username);

      assert.equal((await ctx.request({ method: 'GET', url: '/api/home' })).statusCode, 401);
    });

    test('the 好差评 and complaint queues count what their lists show, in each one’s own scope', async () => {
      const get = async (url: string, who: string) => {
        const response = await ctx.request({ method: 'GET', url, cookie: await ctx.signIn(who) });
        assert.equal(response.statusCode, 200, `${who} ${url}: ${response.body}`);
        return response.json();
      };
      const post = async (url: string, who: string, body: unknown) => {
        const response = await ctx.request({ method: 'POST', url, cookie: await ctx.signIn(who), body, idempotencyKey: randomUUID() });
        assert.ok(response.statusCode < 300, `${who} ${url}: ${response.body}`);
        return response.json();
      };
      type Task = { id: string; state: string; late: boolean; rating: { anonymous: boolean }; possibleActions: string[] };
      const total = async (url: string, who: string) => (await get(url, who)).total as number;
      /** Each queue as its list (the page the card opens, with the card's filter) shows it. */
      const fromLists = async (who: string) => {
        const h = await home(who);
        const has = (key: string) => h.queues.some((q) => q.key === key);
        const expected: Record<string, number> = {};
        if (has('rectificationsToWork')) expected.rectificationsToWork = ((await get('/api/rectifications', who)) as Task[]).filter((t) => t.possibleActions.includes('triage') || t.possibleActions.includes('report')).length;
        if (has('rectificationsToRevisit')) expected.rectificationsToRevisit = ((await get('/api/rectifications?state=reported', who)) as Task[]).filter((t) => !t.rating.anonymous).length;
        if (has('rectificationsLate')) expected.rectificationsLate = ((await get('/api/rectifications?late=true', who)) as Task[]).length;
        if (has('appealsToDecide')) expected.appealsToDecide = ((await get('/api/rating-appeals?state=pending', who)) as unknown[]).length;
        if (has('complaintsToDispatch')) expected.complaintsToDispatch = await total('/api/complaints?state=received', who);
        if (has('complaintsToHandle')) expected.complaintsToHandle = (await total('/api/complaints?state=dispatched', who)) + (await total('/api/complaints?state=handling', who));
        if (has('complaintsOverdue')) expected.complaintsOverdue = await total('/api/complaints?overdue=true', who);
        const counted = Object.fromEntries(h.queues.filter((q) => q.key in expected).map((q) => [q.key, q.count]));
        assert.deepEqual(counted, expected, `${who}: each queue is its list counted`);
        return counted;
      };
      const keysOf = async (who: string) => (await home(who)).queues.map((q) => q.key).filter((k) => /^(rectifications|appeals|complaints)/.test(k));

      // Who sees which queue: by their grants.
      assert.deepEqual(await keysOf('reviewer.mz'), ['rectificationsToWork', 'rectificationsLate', 'complaintsToHandle', 'complaintsOverdue']);
      assert.deepEqual(await keysOf('supervisor'), ['rectificationsToWork', 'rectificationsToRevisit', 'rectificationsLate', 'appealsToDecide', 'complaintsToDispatch', 'complaintsOverdue']);
      assert.deepEqual(await keysOf('frontdesk'), ['rectificationsToRevisit', 'rectificationsLate', 'complaintsOverdue']);
      assert.deepEqual(await keysOf('issuer'), []);

      const who = ['reviewer.mz', 'reviewer.ga', 'supervisor', 'frontdesk'];
      const before = Object.fromEntries(await Promise.all(who.map(async (w) => [w, await fromLists(w)] as const)));

      // 新泰's civil-affairs case, rated badly five times: one long ago (open and late), one triaged as a
      // ledger (to report on), one reported (real-name: to revisit), one anonymous reported (nobody to
      // call), one appealed (to decide).
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const caseId = (await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: marks, decision: 'accept' })).json().id as string;
      const rate = (options: { anonymous?: boolean; givenAt?: Date } = {}) => insertBadRating(ctx.database.db, ctx.services, { caseId, givenAt: options.givenAt ?? ctx.clock.now(), ...(options.anonymous ? { anonymous: true } : {}) });
      await rate({ givenAt: new Date(ctx.clock.now().getTime() - 40 * day) });
      const toTriage = await rate();
      await post(`/api/rectifications/${toTriage.rectificationId}/triage`, 'reviewer.mz', { triage: 'ledger', finding: '窗口流程需整改', measures: '建立台账' });
      const reported = await rate();
      await post(`/api/rectifications/${reported.rectificationId}/triage`, 'reviewer.mz', { triage: 'immediate', finding: '属实', measures: '当场致歉', report: true });
      const anonymous = await rate({ anonymous: true });
      await post(`/api/rectifications/${anonymous.rectificationId}/triage`, 'reviewer.mz', { triage: 'explain', finding: '已解释', measures: '解释说明', report: true });
      const appealed = await rate();
      await post(`/api/rectifications/${appealed.rectificationId}/appeal`, 'reviewer.mz', { reason: 'malicious', statement: '恶意差评,有监控为证' });

      // Complaints: one to dispatch, one dispatched to 民政 and one it accepted, one urgent (due today).
      const complaint = (body: Record<string, unknown> = {}) =>
        post('/api/complaints', 'frontdesk', { source: 'hall', category: 'complaint', subject: '窗口排队时间过长', content: '上午在民政窗口等了两个小时', complainantName: '王建国', complainantPhone: '13905381234', ...body });
      await complaint();
      const mzId = (await ctx.database.db.selectFrom('departments').select('id').where('name', '=', '新泰市民政局').executeTakeFirstOrThrow()).id;
      const dispatched = await complaint();
      await post(`/api/complaints/${dispatched.id}/actions`, 'supervisor', { action: 'dispatch', departmentId: mzId });
      const handling = await complaint();
      await post(`/api/complaints/${handling.id}/actions`, 'supervisor', { action: 'dispatch', departmentId: mzId });
      await post(`/api/complaints/${handling.id}/actions`, 'reviewer.mz', { action: 'accept' });
      await complaint({ urgent: true, category: 'help' });

      // Another county: its rows count for its own people only.
      const second = await addSecondCounty(ctx.services);
      const fcItem = await ctx.services.catalog.getPublished(second.itemCode);
      const first17 = '37098319820506064';
      const fcPerson = await post('/api/applicants', 'fc.frontdesk', { kind: 'person', idNumber: first17 + residentIdCheckChar(first17), name: '外县来人', phone: '13905381111', address: '' });
      const fcCase = await post('/api/cases', 'fc.frontdesk', {
        itemCode: second.itemCode,
        scenario: 'general',
        applicantId: fcPerson.id,
        channel: 'web',
        materials: allProvided(fcItem.content, 'general'),
        form: completeForm(fcItem.content.formFields),
        decision: 'accept',
      });
      await insertBadRating(ctx.database.db, ctx.services, { caseId: fcCase.id, givenAt: new Date(ctx.clock.now().getTime() - 40 * day) });
      await post('/api/complaints', 'fc.frontdesk', { source: 'hall', category: 'complaint', subject: '外县投诉', content: '外县的诉求', complainantName: '李四', complainantPhone: '13905389999', urgent: true });

      // Two days on: the urgent complaint is overdue.
      ctx.clock.advance(2 * day);
      const now = Object.fromEntries(await Promise.all(who.map(async (w) => [w, await fromLists(w)] as const)));
      const grew = (w: string, key: string) => (now[w]![key] ?? 0) - (before[w]![key] ?? 0);
      assert.equal(grew('reviewer.mz', 'rectificationsToWork'), 2, 'the late one to verify and the ledger to report on; not 肥城’s');
      assert.ok(grew('reviewer.mz', 'rectificationsLate') >= 1);
      assert.equal(grew('reviewer.mz', 'complaintsToHandle'), 2);
      assert.equal(grew('supervisor', 'rectificationsToRevisit'), 1, 'the real-name one only');
      assert.equal(grew('frontdesk', 'rectificationsToRevisit'), 1);
      assert.equal(grew('supervisor', 'appealsToDecide'), 1);
      assert.equal(grew('supervisor', 'complaintsToDispatch'), 2, 'the first and the urgent one');
      assert.ok(grew('supervisor', 'complaintsOverdue') >= 1 && grew('frontdesk', 'complaintsOverdue') >= 1);
      assert.equal(grew('supervisor', 'rectificationsToWork'), 0, 'a department’s tasks are not the center’s to work');
      for (const key of ['rectificationsToWork', 'rectificationsLate', 'complaintsToHandle']) assert.equal(grew('reviewer.ga', key), 0, `another department: ${key}`);
      const fc = { supervisor: await fromLists('fc.supervisor'), reviewer: await fromLists('fc.reviewer.mz') };
      assert.deepEqual([fc.reviewer.rectificationsToWork, fc.reviewer.rectificationsLate, fc.supervisor.rectificationsLate, fc.supervisor.complaintsToDispatch, fc.supervisor.complaintsOverdue], [1, 1, 1, 1, 1], '肥城 counts its own rows');
    });
  });
}
