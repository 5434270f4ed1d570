/**
 * 差评整改 and 申诉复核 over HTTP, on both databases. A bad rating (written as the rating capture
 * saves it: test/support/ratings.ts) opens a task for the case's department: the department verifies
 * and triages it and reports back, the center revisits and records the re-rating, and closes it;
 * deadlines count working days across weekends and holidays; a late step turns red; an appeal pauses
 * the deadlines, and the supervisor's verdict either excludes the rating (kept, with the verdict) or
 * returns the task with its deadlines moved. Staff never see who rated anonymously.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day } from './support/case-steps.ts';
import { insertBadRating } from './support/ratings.ts';

for (const backend of testBackends()) {
  describe(`rectifications (差评整改) (${backend.name})`, () => {
    let ctx: TestContext;
    let caseId: string;
    let applicantPhone: string;
    let applicantName: string;
    const { nextPerson, intake } = caseSteps(() => ctx, 820);
    before(async () => {
      ctx = await createTestContext(backend);
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const materials = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const created = await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      caseId = created.json().id;
      const row = await ctx.database.db.selectFrom('cases').select(['applicant_phone', 'applicant_name']).where('id', '=', caseId).executeTakeFirstOrThrow();
      applicantPhone = row.applicant_phone;
      applicantName = row.applicant_name;
    });
    after(() => ctx.close());

    const get = async (url: string, who: string) => ctx.request({ method: 'GET', url, cookie: await ctx.signIn(who) });
    const post = async (url: string, who: string, body: unknown, key: string | true = true) => ctx.request({ method: 'POST', url, cookie: await ctx.signIn(who), body, idempotencyKey: key });
    const rate = (options: { anonymous?: boolean; givenAt?: Date } = {}) => insertBadRating(ctx.database.db, ctx.services, { caseId, givenAt: options.givenAt ?? ctx.clock.now(), ...(options.anonymous ? { anonymous: true } : {}) });
    const auditActions = async (id: string) => (await ctx.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('seq').execute()).map((r) => r.action);

    test('deadlines are working days from the day after the rating: a weekend and the National Day holiday are skipped', async () => {
      // Friday 2026-11-20 (China): Monday 23rd is the first day; five working days end Friday 27th, fifteen on 11 December.
      const friday = await rate({ givenAt: new Date('2026-11-20T08:00:00+08:00') });
      assert.deepEqual([friday.reportDue, friday.rectifyDue], ['2026-11-27', '2026-12-11']);
      // 30 September: 1–8 October are off; five working days end on 13 October.
      const beforeHoliday = await rate({ givenAt: new Date('2026-09-30T10:00:00+08:00') });
      assert.equal(beforeHoliday.reportDue, '2026-10-13');
      const shown = (await get(`/api/rectifications/${beforeHoliday.rectificationId}`, 'reviewer.mz')).json();
      assert.equal(shown.reportDue, '2026-10-13');
      // Today is 23 November: the verification is long overdue, red like a case's clock.
      assert.deepEqual([shown.pending.step, shown.warning, shown.late], ['report', 'red', true]);
      const onTime = (await get(`/api/rectifications/${friday.rectificationId}`, 'reviewer.mz')).json();
      assert.equal(onTime.late, false);
      const late = (await get('/api/rectifications?late=true', 'reviewer.mz')).json() as { id: string }[];
      assert.ok(late.some((t) => t.id === beforeHoliday.rectificationId));
      assert.ok(!late.some((t) => t.id === friday.rectificationId));
    });

    test('the department sees its own tasks only; the supervisor its region; the rater is shown only when real-name', async () => {
      const named = await rate();
      const hidden = await rate({ anonymous: true });
      const mine = (await get('/api/rectifications', 'reviewer.mz')).json() as { id: string; department: { name: string } }[];
      assert.ok(mine.some((t) => t.id === named.rectificationId));
      assert.ok(mine.every((t) => t.department.name === '新泰市民政局'));
      const other = await get('/api/rectifications', 'reviewer.ga');
      assert.equal(other.statusCode, 200);
      assert.ok(!(other.json() as { id: string }[]).some((t) => t.id === named.rectificationId));
      assert.equal((await get(`/api/rectifications/${named.rectificationId}`, 'reviewer.ga')).statusCode, 404);
      assert.equal((await post(`/api/rectifications/${named.rectificationId}/triage`, 'reviewer.ga', { triage: 'explain', finding: '不是我们的' })).statusCode, 404);
      assert.equal((await get('/api/rectifications', 'issuer')).statusCode, 403);

      const seen = (await get(`/api/rectifications/${named.rectificationId}`, 'supervisor')).json();
      assert.deepEqual(seen.rating.rater, { name: applicantName, phone: applicantPhone });
      assert.equal(seen.rating.level, 'very_dissatisfied');
      assert.deepEqual(seen.rating.tags, ['attitude', 'more_trips']);
      assert.equal(seen.rating.staff.name, '综合受理员 李娜');
      assert.match(seen.rating.caseNo, /^\d+$/);
      for (const who of ['reviewer.mz', 'supervisor', 'frontdesk']) {
        const response = await get(`/api/rectifications/${hidden.rectificationId}`, who);
        assert.equal(response.statusCode, 200);
        assert.equal(response.json().rating.rater, null);
        assert.equal(response.json().rating.anonymous, true);
        assert.ok(!response.body.includes(applicantPhone) && !response.body.includes(applicantName), `${who} must not see the anonymous rater`);
        const list = await get('/api/rectifications', who);
        const inList = (list.json() as { id: string; rating: { rater: unknown } }[]).find((t) => t.id === hidden.rectificationId)!;
        assert.equal(inList.rating.rater, null);
      }
    });

    test('立行立改 reported at triage, revisited with a re-rating and closed; each step audited, replays answered once', async () => {
      const { rectificationId } = await rate();
      const url = `/api/rectifications/${rectificationId}`;
      const early = await post(`${url}/report`, 'reviewer.mz', { measures: '已整改' });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'RECTIFICATION_ACTION_NOT_ALLOWED');
      assert.match(early.json().error.message, /待核实.*不能整改反馈/);
      const ledgerAtOnce = await post(`${url}/triage`, 'reviewer.mz', { triage: 'ledger', finding: '需整改流程', measures: '...', report: true });
      assert.equal(ledgerAtOnce.statusCode, 400);

      const key = randomUUID();
      const body = { triage: 'immediate', finding: '窗口人员未一次性告知材料,属实', measures: '当场致歉并补充告知,窗口人员已批评教育', report: true };
      const triaged = await post(`${url}/triage`, 'reviewer.mz', body, key);
      assert.equal(triaged.statusCode, 200, triaged.body);
      const t = triaged.json();
      assert.deepEqual([t.state, t.triage, t.pending.step], ['reported', 'immediate', 'revisit']);
      // Reported Monday 23 November: five working days to revisit.
      assert.equal(t.revisitDue, '2026-11-30');
      const replay = await post(`${url}/triage`, 'reviewer.mz', body, key);
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.json().state, 'reported');
      const reused = await post(`${url}/triage`, 'reviewer.mz', { ...body, finding: '另一个请求' }, key);
      assert.equal(reused.statusCode, 422);

      assert.equal((await post(`${url}/revisit`, 'reviewer.mz', { result: 'satisfied' })).statusCode, 403);
      const noNote = await post(`${url}/revisit`, 'supervisor', { result: 'dissatisfied' });
      assert.equal(noNote.statusCode, 400);
      const revisited = await post(`${url}/revisit`, 'frontdesk', { result: 'satisfied', note: '电话回访,申请人认可整改', reLevel: 'satisfied', close: true });
      assert.equal(revisited.statusCode, 200, revisited.body);
      const r = revisited.json();
      assert.deepEqual([r.state, r.revisitResult, r.reLevel, r.revisitedBy.name], ['closed', 'satisfied', 'satisfied', '综合受理员 李娜']);
      assert.deepEqual(r.possibleActions, []);
      assert.deepEqual(await auditActions(rectificationId), ['rectification.triaged', 'rectification.reported', 'rectification.revisited', 'rectification.closed']);
      const events = await ctx.database.db.selectFrom('outbox').select('topic').where('topic', 'like', 'rectification.%').execute();
      assert.ok(events.some((e) => e.topic === 'rectification.closed'));
      assert.equal((await post(`${url}/re-rating`, 'supervisor', { reLevel: 'basic' })).statusCode, 409);
    });

    test('a ledger task reports by its rectify date; an anonymous one cannot be revisited and is closed after the report', async () => {
      const anonymous = await rate({ anonymous: true });
      const url = `/api/rectifications/${anonymous.rectificationId}`;
      const triaged = (await post(`${url}/triage`, 'reviewer.mz', { triage: 'ledger', finding: '办事指南材料表述不清' })).json();
      assert.deepEqual([triaged.state, triaged.pending.step, triaged.pending.due], ['triaged', 'rectify', anonymous.rectifyDue]);
      const reported = (await post(`${url}/report`, 'reviewer.mz', { measures: '已修订办事指南并公示' })).json();
      assert.deepEqual([reported.state, reported.revisitDue, reported.pending], ['reported', null, null]);
      const revisit = await post(`${url}/revisit`, 'supervisor', { result: 'satisfied' });
      assert.equal(revisit.statusCode, 409);
      assert.match(revisit.json().error.message, /匿名评价无法回访/);
      const closed = await post(`${url}/close`, 'supervisor', {});
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().state, 'closed');
    });

    test('a revisit not made in time turns red; the re-rating can follow the call', async () => {
      const { rectificationId } = await rate();
      const url = `/api/rectifications/${rectificationId}`;
      await post(`${url}/triage`, 'reviewer.mz', { triage: 'explain', finding: '申请人要求超出政策', measures: '已向申请人解释政策规定', report: true });
      ctx.clock.advance(8 * day); // Tuesday 1 December: the revisit was due 30 November.
      try {
        const late = (await get(url, 'supervisor')).json();
        assert.deepEqual([late.pending.step, late.warning, late.late], ['revisit', 'red', true]);
        const revisited = await post(`${url}/revisit`, 'supervisor', { result: 'basic', note: '申请人表示理解' });
        assert.equal(revisited.json().state, 'revisited');
        assert.equal(revisited.json().late, false);
        const reRated = await post(`${url}/re-rating`, 'supervisor', { reLevel: 'basic' });
        assert.equal(reRated.statusCode, 200, reRated.body);
        assert.equal(reRated.json().reLevel, 'basic');
        assert.equal((await post(`${url}/re-rating`, 'supervisor', { reLevel: 'satisfied' })).statusCode, 409);
        assert.equal((await post(`${url}/close`, 'supervisor', {})).json().state, 'closed');
        assert.ok((await auditActions(rectificationId)).includes('rectification.re_rated'));
      } finally {
        ctx.clock.advance(-8 * day);
      }
    });

    test('an appeal pauses the task; upheld, the rating is excluded but kept with the verdict', async () => {
      const { rectificationId, ratingId } = await rate();
      const url = `/api/rectifications/${rectificationId}`;
      assert.equal((await post(`${url}/appeal`, 'reviewer.ga', { reason: 'malicious', statement: '申请人恶意差评' })).statusCode, 404);
      assert.equal((await post(`${url}/appeal`, 'supervisor', { reason: 'malicious', statement: '申请人恶意差评' })).statusCode, 403);
      const appealed = await post(`${url}/appeal`, 'reviewer.mz', { reason: 'malicious', statement: '申请人因私人纠纷恶意差评,有监控录像为证' });
      assert.equal(appealed.statusCode, 200, appealed.body);
      const a = appealed.json();
      assert.deepEqual([a.state, a.pending, a.late, a.pausedOn], ['appealed', null, false, '2026-11-23']);
      assert.equal(a.appeals.length, 1);
      const again = await post(`${url}/appeal`, 'reviewer.mz', { reason: 'mistaken', statement: '再次申诉一次' });
      assert.equal(again.statusCode, 409);
      assert.equal((await post(`${url}/triage`, 'reviewer.mz', { triage: 'explain', finding: 'x' })).statusCode, 409);

      const pending = (await get('/api/rating-appeals?state=pending', 'supervisor')).json() as { id: string; ratingId: string }[];
      const appeal = pending.find((p) => p.ratingId === ratingId)!;
      assert.ok(appeal);
      assert.equal((await post(`/api/rating-appeals/${appeal.id}/decision`, 'reviewer.mz', { verdict: 'upheld', note: '自己批准' })).statusCode, 403);
      const decided = await post(`/api/rating-appeals/${appeal.id}/decision`, 'supervisor', { verdict: 'upheld', note: '经调取监控,差评与办事无关,申诉成立' });
      assert.equal(decided.statusCode, 200, decided.body);
      assert.deepEqual([decided.json().state, decided.json().decidedBy.name], ['upheld', '督查 刘洋']);
      assert.equal((await post(`/api/rating-appeals/${appeal.id}/decision`, 'supervisor', { verdict: 'rejected', note: '改判' })).json().error.code, 'APPEAL_ALREADY_DECIDED');

      const task = (await get(url, 'reviewer.mz')).json();
      assert.deepEqual([task.state, task.rating.excluded, task.appeals[0].state, task.appeals[0].decisionNote], ['annulled', true, 'upheld', '经调取监控,差评与办事无关,申诉成立']);
      const rating = await ctx.database.db.selectFrom('ratings').select(['excluded', 'level']).where('id', '=', ratingId).executeTakeFirstOrThrow();
      assert.deepEqual(rating, { excluded: true, level: 'very_dissatisfied' });
      assert.deepEqual((await auditActions(rectificationId)).slice(-2), ['rectification.appealed', 'rectification.appeal_upheld']);
    });

    test('a rejected appeal returns the task with its deadlines moved by the working days it stood still', async () => {
      const { rectificationId, reportDue, rectifyDue } = await rate();
      assert.deepEqual([reportDue, rectifyDue], ['2026-11-30', '2026-12-14']);
      const url = `/api/rectifications/${rectificationId}`;
      await post(`${url}/triage`, 'reviewer.mz', { triage: 'ledger', finding: '需优化流程' });
      await post(`${url}/appeal`, 'reviewer.mz', { reason: 'not_responsible', statement: '该事项由公安部门前置审核,非本部门责任' });
      const appeal = ((await get('/api/rating-appeals?state=pending', 'supervisor')).json() as { id: string; rectificationId: string }[]).find((p) => p.rectificationId === rectificationId)!;
      ctx.clock.advance(7 * day); // Filed Monday 23 November, decided Monday 30th: five working days paused.
      try {
        const decided = await post(`/api/rating-appeals/${appeal.id}/decision`, 'supervisor', { verdict: 'rejected', note: '经核实属本部门责任,驳回' });
        assert.equal(decided.statusCode, 200, decided.body);
        assert.deepEqual([decided.json().state, decided.json().pausedDays], ['rejected', 5]);
        const task = (await get(url, 'reviewer.mz')).json();
        assert.deepEqual([task.state, task.reportDue, task.rectifyDue, task.pausedOn], ['triaged', '2026-12-07', '2026-12-21', null]);
        assert.deepEqual([task.pending.step, task.pending.due, task.late], ['rectify', '2026-12-21', false]);
      } finally {
        ctx.clock.advance(-7 * day);
      }
    });

    test('the month’s figures: revisit share over real-name ratings, anonymous and excluded apart, reports on time', async () => {
      const response = await get('/api/rectifications/figures?month=2026-11', 'supervisor');
      assert.equal(response.statusCode, 200, response.body);
      const f = response.json();
      const rows = await ctx.database.db
        .selectFrom('rating_rectifications as t')
        .innerJoin('ratings as r', 'r.id', 't.rating_id')
        .select(['r.anonymous', 'r.excluded', 't.revisited_at', 't.created_at'])
        .where('t.created_at', '>=', new Date('2026-11-01T00:00:00+08:00'))
        .where('t.created_at', '<', new Date('2026-12-01T00:00:00+08:00'))
        .execute();
      const counted = rows.filter((r) => !r.excluded);
      const realName = counted.filter((r) => !r.anonymous);
      assert.equal(f.total, rows.length);
      assert.equal(f.excluded, rows.length - counted.length);
      assert.equal(f.anonymous, counted.length - realName.length);
      assert.equal(f.realName, realName.length);
      assert.equal(f.revisited, realName.filter((r) => r.revisited_at).length);
      assert.ok(f.revisited >= 2 && f.realName > f.revisited);
      assert.equal(f.revisitShare, f.revisited / f.realName);
      assert.ok(f.reported >= 3 && f.reportedOnTime === f.reported);
      assert.equal(f.onTimeShare, 1);
      // The department's own figures cover its department only; another department has none of these.
      assert.equal((await get('/api/rectifications/figures?month=2026-11', 'reviewer.ga')).json().total, 0);
      assert.equal((await get('/api/rectifications/figures?month=2026-13', 'supervisor')).statusCode, 400);
      // An early year keeps four digits to its month's end (the fuzzer found 0487-01 reaching the database as NaN).
      const early = await get('/api/rectifications/figures?month=0487-12', 'supervisor');
      assert.equal(early.statusCode, 200, early.body);
      assert.equal(early.json().total, 0);
    });
  });
}
