/**
 * 好差评, capturing (issue 15 §1), on a real database: region settings inherited and checked; the
 * window's pad rates the ticket just served, once, changed within the period, then refused; the
 * SMS link's token (in the message the consumer wrote) rates the case, a wrong token is unknown and
 * an expired one gone; an applicant rates only their own case; a bad rating opens its
 * rectification with deadlines in working days; anonymous raters never reach staff; a department
 * reads only its own; and the default 基本满意 comes after the region's period, or never.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import type { NotificationProvider } from '../src/services/notify/providers/provider.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps } from './support/case-steps.ts';
import { boundOnline } from './support/online.ts';

const day = 86_400_000;
const silent: NotificationProvider = { name: 'silent', send: async () => ({ providerReference: 'ok' }) };

for (const backend of testBackends()) {
  describe(`ratings: settings, the pad, the SMS link, online, rectification, defaults (${backend.name})`, () => {
    let ctx: TestContext;
    let center: string;
    let windowId: string;
    const { nextPerson, intake, act } = caseSteps(() => ctx, 700);

    before(async () => {
      ctx = await createTestContext(backend);
      const db = ctx.database.db;
      center = (await db.selectFrom('centers').select('id').where('name', '=', '新泰市政务服务中心').executeTakeFirstOrThrow()).id;
      windowId = (await db.selectFrom('windows').select('id').where('center_id', '=', center).where('number', '=', 1).executeTakeFirstOrThrow()).id;
      await db.updateTable('outbox').set({ delivered_at: ctx.clock.now() }).where('delivered_at', 'is', null).execute();
    });
    after(() => ctx.close());

    /** A case of `applicantId` decided on the spot at the window (concluded now). */
    const concludedCase = async (applicantId?: string) => {
      const person = applicantId ?? (await nextPerson()).id;
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const created = await intake({ itemCode: '370982-MZ-004', applicantId: person, channel: 'window', materials: marks, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json() as { id: string; caseNo: string };
      const decided = await act(c.id, { action: 'decide_on_spot' }, await ctx.signIn('frontdesk'));
      assert.equal(decided.statusCode, 200, decided.body);
      return c;
    };

    const rate = (url: string, body: unknown, cookie?: string) => ctx.request({ method: 'POST', url, body, ...(cookie ? { cookie } : {}), idempotencyKey: true });

    test('settings: the defaults, then the county’s own row inherited by its towns; bad values refused in both languages', async () => {
      const admin = await ctx.signIn('admin');
      const initial = await ctx.request({ method: 'GET', url: '/api/quality/settings/370982103', cookie: admin });
      assert.equal(initial.statusCode, 200, initial.body);
      assert.deepEqual([initial.json().from, initial.json().settings.defaultRatingDays, initial.json().settings.reportBackDays], [null, 7, 5]);
      const settings = { ...initial.json().settings, changeHours: 48 };
      const saved = await ctx.request({ method: 'PUT', url: '/api/quality/settings/370982', cookie: admin, body: settings, idempotencyKey: true });
      assert.equal(saved.statusCode, 200, saved.body);
      const town = (await ctx.request({ method: 'GET', url: '/api/quality/settings/370982103', cookie: admin })).json();
      assert.deepEqual([town.from, town.settings.changeHours, town.defaults.changeHours], ['370982', 48, 72]);
      const tooShort = await ctx.request({ method: 'PUT', url: '/api/quality/settings/370982', cookie: admin, body: { ...settings, rectifyDays: 3 }, idempotencyKey: true });
      assert.equal(tooShort.statusCode, 400);
      assert.match(tooShort.json().error.message, /整改期限不能短于核实反馈期限/);
      const outOfRange = await ctx.request({ method: 'PUT', url: '/api/quality/settings/370982', cookie: admin, body: { ...settings, reportBackDays: 0 }, idempotencyKey: true });
      assert.equal(outOfRange.statusCode, 400);
      assert.equal((await ctx.request({ method: 'PUT', url: '/api/quality/settings/370982', cookie: await ctx.signIn('supervisor'), body: settings, idempotencyKey: true })).statusCode, 403);
      // Back to the defaults' change period for the tests below.
      await ctx.request({ method: 'PUT', url: '/api/quality/settings/370982', cookie: admin, body: { ...settings, changeHours: 72 }, idempotencyKey: true });
    });

    test('the pad rates the ticket served at its window: bad, real-name, opens a rectification due in working days; changed to good closes it; after the period 409', async () => {
      const frontdesk = await ctx.signIn('frontdesk');
      assert.equal((await ctx.request({ method: 'POST', url: `/api/windows/${windowId}/open`, cookie: frontdesk, body: {}, idempotencyKey: true })).statusCode, 200);
      const mine = (await ctx.request({ method: 'POST', url: `/api/centers/${center}/tickets`, body: { classCode: 'A' } })).json();
      let called: { id: string; number: string } | null = null;
      while (!called || called.id !== mine.id) {
        called = (await ctx.request({ method: 'POST', url: `/api/windows/${windowId}/call-next`, cookie: frontdesk, body: {}, idempotencyKey: true })).json().ticket;
        assert.ok(called, 'our ticket is called in the end');
        if (called.id !== mine.id) await ctx.request({ method: 'POST', url: `/api/tickets/${called.id}/actions`, cookie: frontdesk, body: { action: 'skip' }, idempotencyKey: true });
      }
      const empty = (await ctx.request({ method: 'GET', url: `/api/ratings/pad/${windowId}`, cookie: frontdesk })).json();
      assert.equal(empty.ticket, null, 'called, not served yet: nothing to rate');
      assert.equal((await ctx.request({ method: 'POST', url: `/api/tickets/${mine.id}/actions`, cookie: frontdesk, body: { action: 'serve' }, idempotencyKey: true })).statusCode, 200);
      const pad = await ctx.request({ method: 'GET', url: `/api/ratings/pad/${windowId}`, cookie: frontdesk });
      assert.equal(pad.statusCode, 200, pad.body);
      assert.equal(pad.json().ticket.number, mine.number);
      assert.deepEqual(
        pad.json().form.indicators.map((i: { zh: string }) => i.zh),
        ['整体满意度', '服务效率', '服务水平', '服务态度'],
      );
      assert.equal((await ctx.request({ method: 'GET', url: `/api/ratings/pad/${windowId}`, cookie: await ctx.signIn('reviewer.mz') })).statusCode, 403, 'not a window role');

      const bad = await rate(`/api/ratings/pad/${windowId}`, { ticketId: mine.id, level: 'very_dissatisfied', tags: ['attitude'], comment: '态度不好', anonymous: false }, frontdesk);
      assert.equal(bad.statusCode, 200, bad.body);
      const rating = bad.json();
      assert.deepEqual([rating.source, rating.channel, rating.level, rating.staffName, rating.ticketNumber], ['pad', 'onsite', 'very_dissatisfied', '综合受理员 李娜', mine.number]);
      const task = await ctx.database.db.selectFrom('rating_rectifications').selectAll().where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
      // Monday 2026-11-23: five working days to report back cross the weekend (Monday 30th), fifteen to rectify (14 December).
      assert.deepEqual([task.state, task.report_due, task.rectify_due, task.assignee_id, task.region_code], ['open', '2026-11-30', '2026-12-14', null, '370982']);
      const topics = (await ctx.database.db.selectFrom('outbox').select('topic').where('delivered_at', 'is', null).execute()).map((r) => r.topic);
      assert.ok(topics.includes('rating.given') && topics.includes('rating.bad'), topics.join(' '));
      assert.equal((await ctx.request({ method: 'GET', url: `/api/ratings/pad/${windowId}`, cookie: frontdesk })).json().ticket, null, 'rated: the pad waits again');

      ctx.clock.advance(3_600_000);
      const changed = await rate(`/api/ratings/pad/${windowId}`, { ticketId: mine.id, level: 'satisfied' }, frontdesk);
      assert.equal(changed.statusCode, 200, changed.body);
      assert.ok(changed.json().changedAt);
      const closed = await ctx.database.db.selectFrom('rating_rectifications').selectAll().where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
      assert.deepEqual([closed.state, closed.finding], ['closed', '评价人已修改为满意']);
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'payload']).where('entity_id', '=', rating.id).where('action', '=', 'rating.changed').executeTakeFirstOrThrow();
      assert.deepEqual([(audit.payload as { before: { level: string } }).before.level, (audit.payload as { after: { level: string } }).after.level], ['very_dissatisfied', 'satisfied']);

      const worse = await rate(`/api/ratings/pad/${windowId}`, { ticketId: mine.id, level: 'dissatisfied', tags: ['long_wait'] }, frontdesk);
      assert.equal(worse.statusCode, 200, worse.body);
      const reopened = await ctx.database.db.selectFrom('rating_rectifications').selectAll().where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
      assert.deepEqual([reopened.id, reopened.state, reopened.finding, reopened.closed_at], [task.id, 'open', '', null], 'good to bad again: the same task opens again');

      ctx.clock.advance(72 * 3_600_000);
      const late = await rate(`/api/ratings/pad/${windowId}`, { ticketId: mine.id, level: 'dissatisfied' }, await ctx.signIn('frontdesk'));
      assert.equal(late.statusCode, 409);
      assert.match(late.json().error.message, /已过可修改的期限/);

      // A visit served with no department's case is the center's own to answer: no reviewer reaches
      // its task, the center's supervisor verifies and reports it (rectification.center).
      const reviewer = await ctx.signIn('reviewer.mz');
      assert.equal((await ctx.request({ method: 'GET', url: `/api/rectifications/${task.id}`, cookie: reviewer })).statusCode, 404);
      const supervisor = await ctx.signIn('supervisor');
      const seen = await ctx.request({ method: 'GET', url: `/api/rectifications/${task.id}`, cookie: supervisor });
      assert.equal(seen.statusCode, 200, seen.body);
      assert.ok(seen.json().possibleActions.includes('triage'), seen.body);
      const triaged = await ctx.request({
        method: 'POST',
        url: `/api/rectifications/${task.id}/triage`,
        cookie: supervisor,
        body: { triage: 'immediate', finding: '等候时间确实较长', measures: '高峰时段增开综合窗口', report: true },
        idempotencyKey: true,
      });
      assert.equal(triaged.statusCode, 200, triaged.body);
      assert.equal(triaged.json().state, 'reported');
      const frontdeskTriage = await ctx.request({ method: 'POST', url: `/api/rectifications/${task.id}/report`, cookie: await ctx.signIn('frontdesk'), body: { measures: 'x' }, idempotencyKey: true });
      assert.equal(frontdeskTriage.statusCode, 403, 'the front desk revisits, it does not verify its own rating');
    });

    test('the hall kiosk rates a visit served today by its number, once; an unknown number is not found', async () => {
      const frontdesk = await ctx.signIn('frontdesk');
      assert.equal((await ctx.request({ method: 'POST', url: `/api/windows/${windowId}/open`, cookie: frontdesk, body: {}, idempotencyKey: true })).statusCode, 200);
      const mine = (await ctx.request({ method: 'POST', url: `/api/centers/${center}/tickets`, body: { classCode: 'A' } })).json();
      let called: { id: string } | null = null;
      while (!called || called.id !== mine.id) {
        called = (await ctx.request({ method: 'POST', url: `/api/windows/${windowId}/call-next`, cookie: frontdesk, body: {}, idempotencyKey: true })).json().ticket;
        assert.ok(called);
        if (called.id !== mine.id) await ctx.request({ method: 'POST', url: `/api/tickets/${called.id}/actions`, cookie: frontdesk, body: { action: 'skip' }, idempotencyKey: true });
      }
      const notYet = await ctx.request({ method: 'GET', url: `/api/ratings/kiosk/${center}/${mine.number}` });
      assert.equal(notYet.statusCode, 404, 'called, not served: nothing to rate');
      assert.equal((await ctx.request({ method: 'POST', url: `/api/tickets/${mine.id}/actions`, cookie: frontdesk, body: { action: 'serve' }, idempotencyKey: true })).statusCode, 200);
      const found = await ctx.request({ method: 'GET', url: `/api/ratings/kiosk/${center}/${mine.number.toLowerCase()}` });
      assert.equal(found.statusCode, 200, found.body);
      assert.equal(found.json().ticket.number, mine.number);
      const unknown = await ctx.request({ method: 'GET', url: `/api/ratings/kiosk/${center}/Z999` });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.json().error.message, /今天没有已办理的 Z999 号/);
      const given = await rate(`/api/ratings/kiosk/${center}`, { ticketNo: mine.number, level: 'basic', anonymous: true });
      assert.equal(given.statusCode, 200, given.body);
      const row = await ctx.database.db.selectFrom('ratings').selectAll().where('id', '=', given.json().ratingId).executeTakeFirstOrThrow();
      assert.deepEqual([row.source, row.channel, row.subject_key, row.anonymous, row.window_id], ['kiosk', 'onsite', `ticket:${mine.id}`, true, windowId]);
      const again = await rate(`/api/ratings/kiosk/${center}`, { ticketNo: mine.number, level: 'very_dissatisfied' });
      assert.equal(again.statusCode, 409, 'no second rating from the kiosk');
      assert.equal((await ctx.request({ method: 'GET', url: `/api/ratings/pad/${windowId}`, cookie: frontdesk })).json().ticket, null, 'the pad has nothing left to rate either');
    });

    test('the SMS invitation carries a token link; the token rates the case; a wrong token 404, an expired one 410', async () => {
      const c = await concludedCase();
      await ctx.services.notifier.runOnce(silent);
      const message = await ctx.database.db.selectFrom('notification_messages').select('body').where('case_id', '=', c.id).where('event', '=', 'rating_invitation').executeTakeFirstOrThrow();
      const token = /\/rate\/([\w-]{22})$/.exec(message.body)?.[1];
      assert.ok(token, message.body);
      const stored = await ctx.database.db.selectFrom('rating_invitations').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token, 'only the hash is kept');

      const page = await ctx.request({ method: 'GET', url: `/api/rate/${token}` });
      assert.equal(page.statusCode, 200, page.body);
      assert.equal(page.json().caseNo, c.caseNo);
      assert.match(page.json().applicantMasked, /^申\*+$/);
      assert.equal(page.json().rating, null);
      assert.equal(page.json().form.indicators.length, 5);
      const given = await rate(`/api/rate/${token}`, { level: 'satisfied', indicators: { efficiency: 'very_satisfied' }, tags: ['fast'], anonymous: true });
      assert.equal(given.statusCode, 200, given.body);
      assert.deepEqual([given.json().rating.level, given.json().rating.indicators.efficiency, given.json().rating.indicators.usability, given.json().rating.changeable], ['satisfied', 'very_satisfied', 'satisfied', true]);
      const row = await ctx.database.db.selectFrom('ratings').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.source, row.channel, row.subject_key, row.anonymous], ['sms', 'online', `case:${c.id}`, true]);

      const wrong = await ctx.request({ method: 'GET', url: '/api/rate/AAAAAAAAAAAAAAAAAAAAAA' });
      assert.equal(wrong.statusCode, 404);
      assert.match(wrong.json().error.message, /评价链接无效/);
      const badTag = await rate(`/api/rate/${token}`, { level: 'satisfied', tags: ['no_such_tag'] });
      assert.equal(badTag.statusCode, 400);
      await ctx.database.db
        .updateTable('rating_invitations')
        .set({ expires_at: new Date(ctx.clock.now().getTime() - 1000) })
        .where('case_id', '=', c.id)
        .execute();
      const expired = await ctx.request({ method: 'GET', url: `/api/rate/${token}` });
      assert.equal(expired.statusCode, 410);
      assert.match(expired.json().error.message, /已过期/);

      // Staff see the anonymous rating without its rater.
      const staff = await ctx.request({ method: 'GET', url: `/api/ratings/${row.id}`, cookie: await ctx.signIn('supervisor') });
      assert.equal(staff.statusCode, 200, staff.body);
      assert.deepEqual([staff.json().anonymous, staff.json().applicantId, staff.json().applicantName, staff.json().raterPhone], [true, null, null, null]);
      const listed = (await ctx.request({ method: 'GET', url: '/api/ratings?pageSize=200', cookie: await ctx.signIn('supervisor') })).json();
      const inList = listed.rows.find((r: { id: string }) => r.id === row.id);
      assert.deepEqual([inList.applicantName, inList.raterPhone], [null, null]);
      assert.ok(!JSON.stringify(listed).includes(row.rater_phone ?? '---'), 'no anonymous rater’s phone anywhere in the list');
    });

    test('an applicant online rates their own concluded case, not another’s; a department reads only its own ratings', async () => {
      const id = '37098219880808' + '512';
      const { cookie, applicantId } = await boundOnline(ctx, '13905380777', '评价人', id + residentIdCheckChar(id));
      const own = await concludedCase(applicantId);
      const other = await concludedCase();
      assert.equal((await rate(`/api/online/cases/${other.id}/rating`, { level: 'satisfied' }, cookie)).statusCode, 404, 'another’s case is unknown');
      const given = await rate(`/api/online/cases/${own.id}/rating`, { level: 'dissatisfied', tags: ['more_trips'], comment: '跑了两次' }, cookie);
      assert.equal(given.statusCode, 200, given.body);
      const again = (await ctx.request({ method: 'GET', url: `/api/online/cases/${own.id}/rating`, cookie })).json();
      assert.equal(again.rating.level, 'dissatisfied');
      const row = await ctx.database.db.selectFrom('ratings').selectAll().where('case_id', '=', own.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.source, row.anonymous, row.applicant_id], ['web', false, applicantId]);
      assert.ok(await ctx.database.db.selectFrom('rating_rectifications').select('id').where('rating_id', '=', row.id).executeTakeFirst(), 'a bad online rating opens its rectification too');

      const mz = (await ctx.request({ method: 'GET', url: '/api/ratings?bad=true&pageSize=200', cookie: await ctx.signIn('reviewer.mz') })).json();
      const mzRow = mz.rows.find((r: { id: string }) => r.id === row.id);
      assert.ok(mzRow, 'the civil-affairs department reads its own');
      assert.equal(mzRow.applicantName, '评价人', 'a real-name rating shows its rater');
      const ga = await ctx.request({ method: 'GET', url: '/api/ratings?pageSize=200', cookie: await ctx.signIn('reviewer.ga') });
      assert.equal(ga.statusCode, 200);
      assert.ok(!ga.json().rows.some((r: { id: string }) => r.id === row.id), 'public security does not see civil affairs’ ratings');
      assert.equal((await ctx.request({ method: 'GET', url: `/api/ratings/${row.id}`, cookie: await ctx.signIn('reviewer.ga') })).statusCode, 403);
    });

    test('the default rating: 基本满意 after 7 natural days and not before; a region whose setting is null gets none', async () => {
      const c = await concludedCase();
      ctx.clock.advance(6 * day);
      await ctx.services.ratings.assignDefaults();
      assert.equal(await ctx.database.db.selectFrom('ratings').select('id').where('case_id', '=', c.id).executeTakeFirst(), undefined, 'not before 7 days');
      ctx.clock.advance(day + 60_000);
      const first = await ctx.services.ratings.assignDefaults();
      assert.ok(first.rated >= 1);
      const row = await ctx.database.db.selectFrom('ratings').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.level, row.source, row.channel], ['basic', 'default', 'online']);
      assert.equal((await ctx.services.ratings.assignDefaults()).rated, 0, 'a rerun changes nothing');

      const admin = await ctx.signIn('admin');
      const current = (await ctx.request({ method: 'GET', url: '/api/quality/settings/370982', cookie: admin })).json().settings;
      assert.equal((await ctx.request({ method: 'PUT', url: '/api/quality/settings/370982', cookie: admin, body: { ...current, defaultRatingDays: null }, idempotencyKey: true })).statusCode, 200);
      const d = await concludedCase();
      ctx.clock.advance(8 * day);
      await ctx.services.ratings.assignDefaults();
      assert.equal(await ctx.database.db.selectFrom('ratings').select('id').where('case_id', '=', d.id).executeTakeFirst(), undefined, 'no default where the region says none');
    });
  });
}
