/**
 * Complaints, 12345-style, over HTTP on a real database: the loop 受理 → 派单 → 办理 → 答复 → 督办 →
 * 办结 → 回访 → 评价 with every guard; the whole clock never moves on a return or reassignment while
 * the step clock restarts; urgent complaints are due the same day; limits in working days across a
 * weekend; the escalation job's levels and idempotency; a department sees only its own; anonymity;
 * an applicant files online and sees only their own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { complaintDueAt, escalationLevelDue, nextComplaintState, readClock, stepDueAt } from '../src/domain/complaint.ts';
import { defaultQualitySettings } from '../src/domain/rating.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { boundOnline, signInOnline } from './support/online.ts';
import { systemActor } from '../src/services/actor.ts';

const hour = 3_600_000;
const day = 24 * hour;

for (const backend of testBackends()) {
  describe(`complaints (${backend.name})`, () => {
    let ctx: TestContext;
    const departments = new Map<string, string>();
    before(async () => {
      ctx = await createTestContext(backend, {}, { exposeCodes: true });
      for (const d of await ctx.database.db.selectFrom('departments').select(['id', 'name']).execute()) departments.set(d.name, d.id);
    });
    after(() => ctx.close());

    const dep = (name: string) => departments.get(name)!;
    const mz = () => dep('新泰市民政局');
    const scjg = () => dep('新泰市市场监督管理局');
    const wjw = () => dep('新泰市卫生健康委员会');

    async function receive(user: string, body: Record<string, unknown> = {}) {
      return ctx.request({
        method: 'POST',
        url: '/api/complaints',
        cookie: await ctx.signIn(user),
        idempotencyKey: true,
        body: { source: 'hall', category: 'complaint', subject: '窗口排队时间过长', content: '上午在民政窗口等了两个小时无人办理', complainantName: '王建国', complainantPhone: '13905381234', ...body },
      });
    }
    async function received(body: Record<string, unknown> = {}) {
      const r = await receive('frontdesk', body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    }
    async function act(user: string, id: string, body: Record<string, unknown>, key: string | true = true) {
      return ctx.request({ method: 'POST', url: `/api/complaints/${id}/actions`, cookie: await ctx.signIn(user), idempotencyKey: key, body });
    }
    async function ok(user: string, id: string, body: Record<string, unknown>) {
      const r = await act(user, id, body);
      assert.equal(r.statusCode, 200, `${user} ${JSON.stringify(body)}: ${r.body}`);
      return r.json();
    }
    async function detail(user: string, id: string) {
      return ctx.request({ method: 'GET', url: `/api/complaints/${id}`, cookie: await ctx.signIn(user) });
    }

    test('received at the hall: numbered per region and day, due at the end of the 13th working day; urgent ones the same day', async () => {
      const c = await received();
      assert.match(c.complaintNo, /^TS37098220261123\d{3}$/);
      assert.equal(c.state, 'received');
      assert.equal(c.source, 'hall');
      // Monday 2026-11-23 + 13 working days = Thursday 2026-12-10, due at its end (24:00 China time).
      assert.equal(c.whole.dueAt, '2026-12-10T16:00:00.000Z');
      assert.equal(c.step, null);
      assert.equal(c.whole.tone, 'ok');
      assert.equal(c.complainantPhone, '13905381234', 'the receiving desk sees the full phone');
      const second = await received({ category: 'consultation' });
      assert.equal(Number(second.complaintNo.slice(-3)), Number(c.complaintNo.slice(-3)) + 1);
      assert.equal(second.whole.dueAt, '2026-11-26T16:00:00.000Z', 'consultation: 3 working days');
      const urgent = await received({ urgent: true, category: 'help' });
      assert.equal(urgent.whole.dueAt, '2026-11-23T16:00:00.000Z', 'urgent: the end of the day it was received');
      assert.equal(urgent.whole.tone, 'due_soon');
      const steps = (await detail('supervisor', c.id)).json().steps;
      assert.deepEqual(
        steps.map((s: { action: string }) => s.action),
        ['receive'],
      );
    });

    test('limits in working days skip the weekend (domain, on the region’s calendar)', async () => {
      const calendar = await ctx.services.calendar.calendarFor('370982');
      const friday = new Date('2026-11-27T02:00:00Z');
      assert.equal(complaintDueAt(calendar, defaultQualitySettings, 'consultation', false, friday).toISOString(), '2026-12-02T16:00:00.000Z');
      assert.equal(complaintDueAt(calendar, defaultQualitySettings, 'report', false, friday).toISOString(), '2026-12-16T16:00:00.000Z');
      assert.equal(complaintDueAt(calendar, defaultQualitySettings, 'complaint', true, friday).toISOString(), '2026-11-27T16:00:00.000Z');
      const whole = complaintDueAt(calendar, defaultQualitySettings, 'report', false, friday);
      assert.equal(stepDueAt(calendar, defaultQualitySettings, friday, whole, false).toISOString(), '2026-12-01T16:00:00.000Z', 'a step: 2 working days, Monday and Tuesday');
      // A step never runs past the whole complaint.
      const consult = complaintDueAt(calendar, defaultQualitySettings, 'consultation', false, friday);
      assert.equal(stepDueAt(calendar, defaultQualitySettings, new Date('2026-12-01T02:00:00Z'), consult, false).toISOString(), consult.toISOString());
      const reading = readClock(calendar, friday, whole, new Date('2026-12-17T02:00:00Z'));
      assert.deepEqual([reading.overdue, reading.workingDaysOverdue, reading.tone], [true, 1, 'overdue']);
      assert.equal(nextComplaintState('closed', 'dispatch'), null);
      assert.equal(escalationLevelDue({ state: 'answered', dueAt: whole, stepDueAt: null }, new Date('2026-12-17T02:00:00Z')), 2);
    });

    test('only the receiving roles receive; bad input is a 400 with both languages', async () => {
      assert.equal((await receive('reviewer.mz')).statusCode, 403);
      const noName = await receive('frontdesk', { complainantName: '' });
      assert.equal(noName.statusCode, 400, noName.body);
      assert.match(noName.json().error.messageEn, /Give the complainant/);
      assert.match(noName.json().error.message, /姓名/);
      assert.equal((await receive('frontdesk', { complainantPhone: '12' })).statusCode, 400);
      assert.equal((await receive('frontdesk', { content: '太慢' })).statusCode, 400);
      assert.equal((await receive('frontdesk', { caseNo: 'NOPE-1' })).statusCode, 400);
      assert.equal((await receive('frontdesk', { category: 'rumour' })).statusCode, 400);
      const hotline = await receive('guide', { source: 'hotline' });
      assert.equal(hotline.statusCode, 201, hotline.body);
      assert.equal(hotline.json().source, 'hotline');
    });

    test('the loop: dispatched, returned with a reason, re-dispatched, reassigned, accepted, answered, closed on time, revisited and rated; the whole clock never moves', async () => {
      const c = await received();
      const due = c.whole.dueAt;
      assert.equal((await act('frontdesk', c.id, { action: 'dispatch', departmentId: mz() })).statusCode, 403, 'the desk receives, the supervisor dispatches');
      assert.equal((await act('supervisor', c.id, { action: 'dispatch' })).statusCode, 400, 'a department is needed');
      assert.equal((await act('supervisor', c.id, { action: 'close' })).statusCode, 409);
      const closeEarly = await act('supervisor', c.id, { action: 'close' });
      assert.equal(closeEarly.json().error.code, 'COMPLAINT_ACTION_NOT_ALLOWED');
      assert.match(closeEarly.json().error.messageEn, /received/i);
      assert.match(closeEarly.json().error.message, /不能办结/);

      const key = `dispatch-${c.id}`;
      const dispatched = await act('supervisor', c.id, { action: 'dispatch', departmentId: mz() }, key);
      assert.equal(dispatched.statusCode, 200, dispatched.body);
      const d = dispatched.json();
      assert.equal(d.state, 'dispatched');
      assert.equal(d.department.name, '新泰市民政局');
      assert.equal(d.step.dueAt, '2026-11-25T16:00:00.000Z', 'the step: 2 working days');
      assert.equal(d.whole.dueAt, due);
      const replay = await act('supervisor', c.id, { action: 'dispatch', departmentId: mz() }, key);
      assert.equal(replay.statusCode, 200, 'a replay of the same key gives the first answer');
      assert.equal((await detail('supervisor', c.id)).json().steps.length, 2, 'and writes nothing twice');

      // The department sees it (phone masked); another department does not.
      const seen = await detail('reviewer.mz', c.id);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().complainantPhone, '139****1234');
      assert.deepEqual(seen.json().possibleActions, ['accept', 'return']);
      assert.equal((await detail('reviewer.scjg', c.id)).statusCode, 404);
      assert.equal((await act('reviewer.scjg', c.id, { action: 'accept' })).statusCode, 404);
      assert.equal((await act('supervisor', c.id, { action: 'accept' })).statusCode, 403, 'the center does not accept for the department');

      // Returned (a reason is required): back to the center; the whole clock stands.
      assert.equal((await act('reviewer.mz', c.id, { action: 'return' })).statusCode, 400);
      ctx.clock.advance(day);
      const returned = await ok('reviewer.mz', c.id, { action: 'return', reason: '不属于本部门职责,系窗口服务问题' });
      assert.equal(returned.state, 'received');
      assert.equal(returned.department, null);
      assert.equal(returned.whole.dueAt, due);
      assert.equal((await detail('reviewer.mz', c.id)).statusCode, 404, 'once returned, the department no longer holds it');

      // Re-dispatched to another department: the step clock restarts from today (Tuesday).
      const again = await ok('supervisor', c.id, { action: 'dispatch', departmentId: scjg(), reason: '改由市场监管局办理' });
      assert.equal(again.step.dueAt, '2026-11-26T16:00:00.000Z');
      assert.equal(again.whole.dueAt, due);
      // Reassigned (改派) with a reason to a third department.
      assert.equal((await act('supervisor', c.id, { action: 'reassign', departmentId: wjw() })).statusCode, 400, 'a reason is required');
      assert.equal((await act('supervisor', c.id, { action: 'reassign', departmentId: scjg(), reason: '同一部门' })).statusCode, 400, 'another department');
      ctx.clock.advance(day);
      const moved = await ok('supervisor', c.id, { action: 'reassign', departmentId: wjw(), reason: '涉及卫健窗口' });
      assert.equal(moved.department.name, '新泰市卫生健康委员会');
      assert.equal(moved.step.dueAt, '2026-11-27T16:00:00.000Z', 'the step clock restarts');
      assert.equal(moved.whole.dueAt, due, 'the whole clock does not');
      assert.equal((await detail('reviewer.scjg', c.id)).statusCode, 404);

      assert.equal((await act('reviewer.wjw', c.id, { action: 'answer', answer: '已处理' })).statusCode, 409, 'accept first');
      const accepted = await ok('reviewer.wjw', c.id, { action: 'accept' });
      assert.equal(accepted.state, 'handling');
      assert.equal((await act('supervisor', c.id, { action: 'supervise', reason: '请加快' })).statusCode, 409, 'nothing is late: no 督办');
      assert.equal((await act('reviewer.wjw', c.id, { action: 'answer', answer: '' })).statusCode, 400);
      const answered = await ok('reviewer.wjw', c.id, { action: 'answer', answer: '已约谈窗口负责人,增设叫号提醒,并向诉求人致歉。' });
      assert.equal(answered.state, 'answered');
      assert.equal(answered.step.stoppedAt !== null, true, 'the step clock stops with the answer');
      assert.equal((await act('reviewer.wjw', c.id, { action: 'close' })).statusCode, 403);
      const closed = await ok('supervisor', c.id, { action: 'close' });
      assert.equal(closed.state, 'closed');
      assert.equal(closed.closedOnTime, true);
      assert.equal(closed.whole.tone, 'done');
      assert.equal((await act('supervisor', c.id, { action: 'revisit' })).statusCode, 400, 'a result is needed');
      assert.equal((await act('supervisor', c.id, { action: 'revisit', result: 'satisfied', reopen: true })).statusCode, 400, 'only a dissatisfied revisit reopens');
      const revisited = await ok('supervisor', c.id, { action: 'revisit', result: 'satisfied', reason: '电话回访,诉求人表示满意' });
      assert.equal(revisited.state, 'revisited');
      const rated = await ok('frontdesk', c.id, { action: 'rate', satisfaction: 'very_satisfied' });
      assert.deepEqual([rated.state, rated.satisfaction], ['rated', 'very_satisfied']);
      assert.equal((await act('frontdesk', c.id, { action: 'rate', satisfaction: 'satisfied' })).statusCode, 409, 'rated once');

      const final = (await detail('supervisor', c.id)).json();
      assert.deepEqual(
        final.steps.map((s: { action: string }) => s.action),
        ['receive', 'dispatch', 'return', 'dispatch', 'reassign', 'accept', 'answer', 'close', 'revisit', 'rate'],
      );
      const ret = final.steps.find((s: { action: string }) => s.action === 'return');
      assert.equal(ret.reason, '不属于本部门职责,系窗口服务问题');
      assert.equal(ret.fromDepartment.name, '新泰市民政局');
      assert.equal(ret.actor, '民政局审批员 赵强');

      const audit = await ctx.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).execute();
      assert.deepEqual(
        audit.map((a) => a.action).sort(),
        ['complaint.accept', 'complaint.answer', 'complaint.close', 'complaint.dispatch', 'complaint.dispatch', 'complaint.rate', 'complaint.reassign', 'complaint.receive', 'complaint.return', 'complaint.revisit'].sort(),
      );
      const events = await ctx.database.db.selectFrom('outbox').select('topic').where(sql<string>`payload->>'complaintId'`, '=', c.id).execute();
      assert.ok(events.some((e) => e.topic === 'complaint.reassign'));
    });

    test('a dissatisfied revisit reopens the complaint to the department: a new step, the same whole clock', async () => {
      const c = await received({ category: 'report' });
      await ok('supervisor', c.id, { action: 'dispatch', departmentId: mz() });
      await ok('reviewer.mz', c.id, { action: 'accept' });
      await ok('reviewer.mz', c.id, { action: 'answer', answer: '经核查,情况属实,已整改。' });
      await ok('supervisor', c.id, { action: 'close' });
      ctx.clock.advance(day);
      const reopened = await ok('supervisor', c.id, { action: 'revisit', result: 'dissatisfied', reopen: true, reason: '诉求人称问题仍未解决' });
      assert.equal(reopened.state, 'dispatched');
      assert.equal(reopened.department.name, '新泰市民政局');
      assert.equal(reopened.closedAt, null);
      assert.equal(reopened.whole.dueAt, c.whole.dueAt);
      assert.ok(new Date(reopened.step.startedAt) > new Date(c.receivedAt));
      const steps = (await detail('supervisor', c.id)).json().steps.map((s: { action: string }) => s.action);
      assert.deepEqual(steps.slice(-2), ['revisit', 'dispatch']);
    });

    test('escalation: a late step goes to level 1 with an automatic 督办, a late complaint to level 2; runs are idempotent', async () => {
      const c = await received({ category: 'consultation' });
      await ok('supervisor', c.id, { action: 'dispatch', departmentId: mz() });
      const stepDue = new Date((await detail('supervisor', c.id)).json().step.dueAt);
      ctx.clock.advance(stepDue.getTime() - ctx.clock.now().getTime() + hour);
      // Manual 督办 is possible now; the job raises the level.
      const pressed = await ok('supervisor', c.id, { action: 'supervise', reason: '承办超时,请今日内答复' });
      assert.equal(pressed.supervisedCount, 1);
      const first = await ctx.services.complaints.escalate();
      assert.ok(first.escalated >= 1);
      const level1 = (await detail('supervisor', c.id)).json();
      assert.equal(level1.escalationLevel, 1);
      assert.equal(level1.supervisedCount, 2);
      assert.equal(level1.step.tone, 'overdue');
      const auditBefore = await ctx.database.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      assert.equal((await ctx.services.complaints.escalate()).escalated, 0, 'a second run changes nothing');
      const auditAfter = await ctx.database.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(auditAfter.n), Number(auditBefore.n), 'and writes no audit row');
      ctx.clock.advance(new Date(c.whole.dueAt).getTime() - ctx.clock.now().getTime() + hour);
      await ctx.services.complaints.escalate();
      const level2 = (await detail('supervisor', c.id)).json();
      assert.equal(level2.escalationLevel, 2);
      assert.equal(level2.whole.overdue, true);
      assert.deepEqual(
        level2.steps.filter((s: { action: string }) => s.action === 'escalate').map((s: { actor: string }) => s.actor),
        ['系统', '系统'],
      );
      const overdue = await ctx.request({ method: 'GET', url: '/api/complaints?overdue=true&limit=200', cookie: await ctx.signIn('supervisor') });
      assert.ok(overdue.json().items.some((i: { id: string }) => i.id === c.id));
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'actor_kind']).where('entity_id', '=', c.id).where('action', '=', 'complaint.escalate').execute();
      assert.equal(audit.length, 2);
      // Answered late: closed, not on time.
      await ok('reviewer.mz', c.id, { action: 'accept' });
      await ok('reviewer.mz', c.id, { action: 'answer', answer: '已电话答复诉求人。' });
      const closed = await ok('supervisor', c.id, { action: 'close' });
      assert.equal(closed.closedOnTime, false);
    });

    test('anonymous complaints: no name or phone for anyone on staff', async () => {
      const c = await received({ anonymous: true, complainantName: '', complainantPhone: '' });
      assert.deepEqual([c.anonymous, c.complainantName, c.complainantPhone], [true, null, null]);
      await ok('supervisor', c.id, { action: 'dispatch', departmentId: mz() });
      for (const user of ['supervisor', 'frontdesk', 'reviewer.mz']) {
        const seen = (await detail(user, c.id)).json();
        assert.deepEqual([seen.complainantName, seen.complainantPhone], [null, null], user);
      }
      // Even when a name was typed, an anonymous complaint keeps none.
      const typed = await received({ anonymous: true });
      const row = await ctx.database.db.selectFrom('complaints').select(['complainant_name', 'complainant_phone']).where('id', '=', typed.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { complainant_name: '', complainant_phone: '' });
    });

    test('lists: filtered and paged, a department sees only its own, and the month’s figures', async () => {
      const sup = await ctx.signIn('supervisor');
      const all = (await ctx.request({ method: 'GET', url: '/api/complaints?limit=2', cookie: sup })).json();
      assert.equal(all.items.length, 2);
      assert.ok(all.total > 2);
      const next = (await ctx.request({ method: 'GET', url: '/api/complaints?limit=2&offset=2', cookie: sup })).json();
      assert.notEqual(next.items[0].id, all.items[0].id);
      const hotline = (await ctx.request({ method: 'GET', url: '/api/complaints?source=hotline', cookie: sup })).json();
      assert.ok(hotline.items.length >= 1 && hotline.items.every((i: { source: string }) => i.source === 'hotline'));
      const consult = (await ctx.request({ method: 'GET', url: '/api/complaints?category=consultation&state=closed', cookie: sup })).json();
      assert.ok(consult.items.every((i: { category: string; state: string }) => i.category === 'consultation' && i.state === 'closed'));
      const mine = (await ctx.request({ method: 'GET', url: '/api/complaints?limit=200', cookie: await ctx.signIn('reviewer.mz') })).json();
      assert.ok(mine.items.length >= 1);
      assert.ok(mine.items.every((i: { department: { name: string } | null }) => i.department?.name === '新泰市民政局'));
      const byDept = (await ctx.request({ method: 'GET', url: `/api/complaints?departmentId=${wjw()}`, cookie: sup })).json();
      assert.ok(byDept.items.every((i: { department: { id: string } }) => i.department.id === wjw()));
      assert.equal((await ctx.request({ method: 'GET', url: '/api/complaints?limit=0', cookie: sup })).statusCode, 400);

      const figures = await ctx.request({ method: 'GET', url: '/api/complaints/figures?month=2026-11', cookie: sup });
      assert.equal(figures.statusCode, 200, figures.body);
      const f = figures.json();
      // Counted from the rows themselves: received in November (China time), closed, on time, overdue.
      const rows = await ctx.database.db.selectFrom('complaints').select(['category', 'received_at', 'due_at', 'closed_at']).execute();
      const november = rows.filter((r) => new Date(new Date(r.received_at).getTime() + 8 * hour).toISOString().startsWith('2026-11'));
      const closed = november.filter((r) => r.closed_at);
      const onTime = closed.filter((r) => new Date(r.closed_at!) <= new Date(r.due_at));
      const now = ctx.clock.now();
      const overdueNow = november.filter((r) => (r.closed_at ? new Date(r.closed_at) > new Date(r.due_at) : now > new Date(r.due_at)));
      assert.deepEqual([f.total.received, f.total.closed, f.total.closedOnTime, f.total.overdue], [november.length, closed.length, onTime.length, overdueNow.length]);
      assert.ok(f.total.closed >= 2 && f.total.closedOnTime >= 1 && f.total.overdue >= 1);
      assert.equal(
        f.byCategory.reduce((n: number, r: { received: number }) => n + r.received, 0),
        f.total.received,
      );
      assert.ok(f.total.averageWorkingDays !== null);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/complaints/figures?month=2026-13', cookie: sup })).statusCode, 400);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/complaints', cookie: await ctx.signIn('issuer') })).statusCode, 403);
    });

    test('online: an applicant files their own, sees only their own, and rates it once closed', async () => {
      const me = await boundOnline(ctx, '13905388801', '李秀英', `37098219550312002${residentIdCheckChar('37098219550312002')}`);
      const other = await signInOnline(ctx, '13905388802');
      const noRegion = await ctx.request({ method: 'POST', url: '/api/applicant/complaints', cookie: other, idempotencyKey: true, body: { category: 'help', subject: '咨询办理进度', content: '我的申请一直没有消息,请帮忙查询' } });
      assert.equal(noRegion.statusCode, 400, noRegion.body);
      const filed = await ctx.request({
        method: 'POST',
        url: '/api/applicant/complaints',
        cookie: me.cookie,
        idempotencyKey: true,
        body: { category: 'complaint', subject: '网上申请被多次退回', content: '同一份材料被退回三次,每次理由不同', regionCode: '370982' },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      const c = filed.json();
      assert.deepEqual([c.source, c.state, c.complainantName, c.complainantPhone, c.urgent], ['online', 'received', '李秀英', '13905388801', false]);
      assert.deepEqual(c.possibleActions, []);
      const list = (await ctx.request({ method: 'GET', url: '/api/applicant/complaints', cookie: me.cookie })).json();
      assert.deepEqual(
        list.items.map((i: { id: string }) => i.id),
        [c.id],
      );
      assert.equal((await ctx.request({ method: 'GET', url: `/api/applicant/complaints/${c.id}`, cookie: other })).statusCode, 404);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/applicant/complaints', cookie: other })).json().total, 0);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/complaints', cookie: me.cookie })).statusCode, 403, 'an applicant is not staff');
      // The center sees it with the phone; the department masked.
      assert.equal((await detail('supervisor', c.id)).json().complainantPhone, '13905388801');
      await ok('supervisor', c.id, { action: 'dispatch', departmentId: mz() });
      assert.equal((await detail('reviewer.mz', c.id)).json().complainantPhone, '139****8801');
      const early = await ctx.request({ method: 'POST', url: `/api/applicant/complaints/${c.id}/rating`, cookie: me.cookie, idempotencyKey: true, body: { satisfaction: 'satisfied' } });
      assert.equal(early.statusCode, 409, early.body);
      await ok('reviewer.mz', c.id, { action: 'accept' });
      await ok('reviewer.mz', c.id, { action: 'answer', answer: '已与网上审批专员核实,统一了补正要求。' });
      await ok('supervisor', c.id, { action: 'close' });
      const notTheirs = await ctx.request({ method: 'POST', url: `/api/applicant/complaints/${c.id}/rating`, cookie: other, idempotencyKey: true, body: { satisfaction: 'very_dissatisfied' } });
      assert.equal(notTheirs.statusCode, 404);
      const rated = await ctx.request({ method: 'POST', url: `/api/applicant/complaints/${c.id}/rating`, cookie: me.cookie, idempotencyKey: true, body: { satisfaction: 'satisfied' } });
      assert.equal(rated.statusCode, 200, rated.body);
      assert.deepEqual([rated.json().state, rated.json().satisfaction], ['rated', 'satisfied']);
      assert.ok(
        rated.json().steps.every((s: { actor: string }) => s.actor === ''),
        'staff names are not shown to the applicant',
      );
    });

    test('from a bad rating: received in the rating’s region, linked to it', async () => {
      const center = (await ctx.services.org.listCenters()).find((c) => c.regionCode === '370982')!;
      const ticket = await ctx.services.hall.issueTicket({ actor: systemActor }, { centerId: center.id, classCode: 'A' });
      const form = await ctx.database.db.selectFrom('rating_forms').select('id').where('channel', '=', 'onsite').executeTakeFirstOrThrow();
      const now = ctx.clock.now();
      const rating = await ctx.database.db
        .insertInto('ratings')
        .values({
          subject_key: `ticket:${ticket.id}`,
          channel: 'onsite',
          source: 'pad',
          form_id: form.id,
          ticket_id: ticket.id,
          case_id: null,
          level: 'very_dissatisfied',
          anonymous: true,
          applicant_id: null,
          account_id: null,
          rater_phone: null,
          staff_id: null,
          department_id: mz(),
          region_code: '370982',
          region_path: '370000.370900.370982',
          center_id: center.id,
          window_id: null,
          item_code: null,
          item_version: null,
          given_at: now,
          changed_at: null,
          change_until: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal((await receive('frontdesk', { source: 'rating' })).statusCode, 400, 'a complaint from a rating names it');
      assert.equal((await receive('frontdesk', { source: 'rating', ratingId: '00000000-0000-4000-8000-000000000009' })).statusCode, 404);
      const c = await received({ source: 'rating', ratingId: rating.id, anonymous: true, complainantName: '', complainantPhone: '', subject: '差评转办:窗口服务态度差' });
      assert.deepEqual([c.source, c.ratingId, c.regionCode, c.complainantPhone], ['rating', rating.id, '370982', null]);
    });

    test('time limits are the region’s settings: its own row, else the nearest ancestor’s, else the defaults', async () => {
      const calendar = await ctx.services.calendar.calendarFor('370982');
      const row = (regionCode: string, complaintDays: number) => ({
        region_code: regionCode,
        default_rating_days: 7,
        change_hours: 72,
        report_back_days: 5,
        rectify_days: 15,
        revisit_days: 5,
        consultation_days: 3,
        complaint_days: complaintDays,
        step_days: 1,
        updated_by: null,
        updated_at: ctx.clock.now(),
      });
      try {
        await ctx.database.db.insertInto('quality_settings').values(row('370900', 10)).execute();
        const city = await received();
        assert.equal(city.whole.dueAt, complaintDueAt(calendar, { ...defaultQualitySettings, complaintDays: 10 }, 'complaint', false, ctx.clock.now()).toISOString(), 'the city’s row');
        await ctx.database.db.insertInto('quality_settings').values(row('370982', 5)).execute();
        const county = await received();
        assert.equal(county.whole.dueAt, complaintDueAt(calendar, { ...defaultQualitySettings, complaintDays: 5 }, 'complaint', false, ctx.clock.now()).toISOString(), 'the county’s own row wins');
        const dispatched = await ok('supervisor', county.id, { action: 'dispatch', departmentId: mz() });
        const step = stepDueAt(calendar, { ...defaultQualitySettings, stepDays: 1 }, ctx.clock.now(), new Date(county.whole.dueAt), false);
        assert.equal(dispatched.step.dueAt, step.toISOString(), 'and its step days');
      } finally {
        await ctx.database.db.deleteFrom('quality_settings').where('region_code', 'in', ['370900', '370982']).execute();
      }
    });
  });
}
