/**
 * Notifications that arrive (issue 14 §6), on a real database: case writes become SMS through the
 * outbox consumer, rendered from the template in force (its version recorded); a one-time code is
 * masked once sent; a consumer killed after its claim, or mid-send, neither loses nor doubles a
 * message; temporary failures back off and give up; two consumers at once (PostgreSQL) never
 * double a message; templates are edited as versions and checked; the log is read within grants.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor } from '../src/services/actor.ts';
import { NotificationDispatcher } from '../src/services/notify/dispatcher.ts';
import { notifyChannel } from '../src/jobs/notify.job.ts';
import { ProviderError, type NotificationProvider, type OutgoingMessage } from '../src/services/notify/providers/provider.ts';
import { narrowUnitOfWork, createUnitOfWork } from '../src/repositories/index.ts';
import type { AppError } from '../src/domain/errors.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, onFile } from './support/case-steps.ts';

/** A provider that records every send and fails as told (by a function of the message and the attempt). */
function recordingProvider(fail: (m: OutgoingMessage, n: number) => ProviderError | null = () => null) {
  const sent: OutgoingMessage[] = [];
  const tries = new Map<string, number>();
  const provider: NotificationProvider = {
    name: 'recording',
    async send(message) {
      const n = (tries.get(message.clientReference) ?? 0) + 1;
      tries.set(message.clientReference, n);
      const failure = fail(message, n);
      if (failure) throw failure;
      sent.push(message);
      return { providerReference: `ref-${sent.length}` };
    },
  };
  return { provider, sent, tries };
}

const minute = 60_000;

for (const backend of testBackends()) {
  describe(`notifications: outbox consumer, templates, retries and crashes (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, intake, act, societyMaterials } = caseSteps(() => ctx, 400);
    const dispatcher = (settings = {}) =>
      new NotificationDispatcher({
        uow: narrowUnitOfWork(createUnitOfWork(ctx.database.db), NotificationDispatcher.repositories),
        clock: ctx.clock,
        settings: { random: () => 0, ratingLink: 'https://zwfw.example.gov.cn/rate', ...settings },
      });
    const messagesOf = (where: { caseId?: string; outboxId?: string }) => {
      let query = ctx.database.db.selectFrom('notification_messages').selectAll();
      if (where.caseId) query = query.where('case_id', '=', where.caseId);
      if (where.outboxId) query = query.where('outbox_id', '=', where.outboxId);
      return query.orderBy('created_at').orderBy('source_key').orderBy('event').execute();
    };
    const eventsOf = (messages: { event: string }[]) => messages.map((m) => m.event).sort();
    /** An event as another part of the platform writes it: an outbox row in its own transaction. */
    const emit = async (topic: string, payload: unknown) => {
      await ctx.database.db
        .insertInto('outbox')
        .values({ topic, payload: JSON.stringify(payload), created_at: ctx.clock.now(), available_at: ctx.clock.now() })
        .execute();
      return (await ctx.database.db.selectFrom('outbox').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
    };
    /** Consumes what the template database's demo load left, so each test counts its own rows. */
    const drain = async () => {
      await ctx.database.db.updateTable('outbox').set({ delivered_at: ctx.clock.now() }).where('delivered_at', 'is', null).execute();
    };

    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    test('a case told step by step by SMS: correction, ready to collect, rating, express; each once, with its template version', async () => {
      await drain();
      const person = await nextPerson();
      const phone = (await ctx.database.db.selectFrom('applicants').select('phone').where('id', '=', person.id).executeTakeFirstOrThrow()).phone;
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const required = item.content.materials.filter((m) => m.required && m.scenarios.length === 0);
      const marks = required.map((m, i) => ({ key: m.key, state: i === 0 ? 'missing' : 'provided' }));
      const created = await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: marks, decision: 'correction' });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json() as { id: string; caseNo: string; itemName: string };
      const frontdesk = await ctx.signIn('frontdesk');
      ctx.clock.advance(minute);
      assert.equal((await act(c.id, { action: 'resubmit', materials: required.map((m) => ({ key: m.key, state: 'provided' })), inPerson: false }, frontdesk)).statusCode, 200);
      ctx.clock.advance(minute);
      assert.equal((await act(c.id, { action: 'accept' }, frontdesk)).statusCode, 200);
      ctx.clock.advance(minute);
      assert.equal((await act(c.id, { action: 'decide_on_spot' }, frontdesk)).statusCode, 200);
      ctx.clock.advance(minute);
      const delivered = await act(c.id, { action: 'deliver', method: 'express', express: { company: 'EMS', trackingNo: '1151234567890', address: '新泰市青云街道1号' } }, await ctx.signIn('issuer'));
      assert.equal(delivered.statusCode, 200, delivered.body);

      const { provider, sent } = recordingProvider();
      const run = await dispatcher().runOnce(provider);
      assert.equal(run.consume.failed, 0);
      const messages = await messagesOf({ caseId: c.id });
      assert.deepEqual(eventsOf(messages), ['accepted', 'correction_needed', 'rating_invitation', 'ready_to_collect', 'sent_by_express'], 'the form asked for 窗口领取: the decision says where to collect');
      const text = (event: string) => messages.find((m) => m.event === event)!.body;
      assert.ok(messages.every((m) => m.status === 'delivered' && m.template_version === 1 && m.attempts === 1 && m.channel === 'sms'));
      assert.ok(messages.every((m) => m.recipient === phone && m.recipient_display === `${phone.slice(0, 3)}****${phone.slice(-4)}`));
      assert.equal(text('correction_needed'), `【一窗通】您申请的${c.itemName}(${c.caseNo})需补正:${required[0]!.name}。请补齐后网上提交或到任一综合窗口办理。`);
      assert.match(text('accepted'), /已受理,承诺2026年11月\d+日前办结。$/);
      assert.match(text('ready_to_collect'), new RegExp(`${c.caseNo}\\)已办结\\(准予\\),请携带有效证件到新泰市政务服务中心领取结果`));
      assert.match(text('rating_invitation'), /欢迎对本次服务作出评价:https:\/\/zwfw\.example\.gov\.cn\/rate\/[\w-]{22}$/);
      assert.match(text('sent_by_express'), /已由EMS寄出,运单号1151234567890。$/);
      assert.deepEqual(
        sent
          .filter((s) => s.to === phone)
          .map((s) => s.clientReference)
          .sort(),
        messages.map((m) => m.id).sort(),
        'the provider was given each message once, with the message id as the client reference',
      );
      assert.equal((await ctx.database.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute()).length, 0, 'every row consumed, those without a text too');

      // Run again: nothing new.
      const again = await dispatcher().runOnce(provider);
      assert.deepEqual([again.consume.claimed, again.send.claimed], [0, 0]);
    });

    test('a promised item: “accepted” names its due date; a termination says nothing; a rejection says so, with the reason', async () => {
      await drain();
      const org = await onFile(ctx);
      const created = await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json() as { id: string; caseNo: string; dueDate: string };
      ctx.clock.advance(minute);
      assert.equal((await act(c.id, { action: 'terminate', reason: '申请人要求' }, await ctx.signIn('supervisor'))).statusCode, 200);
      await dispatcher().runOnce(recordingProvider().provider);
      const messages = await messagesOf({ caseId: c.id });
      assert.deepEqual(
        messages.map((m) => m.event),
        ['accepted'],
      );
      const [y, m, d] = c.dueDate.split('-');
      assert.match(messages[0]!.body, new RegExp(`已受理,承诺${y}年${Number(m)}月${Number(d)}日前办结。$`));
      assert.equal(messages[0]!.recipient, '13905380002');

      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((x) => x.required && x.scenarios.length === 0).map((x) => ({ key: x.key, state: 'provided' }));
      const instant = (await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: marks, decision: 'accept' })).json() as { id: string };
      ctx.clock.advance(minute);
      assert.equal((await act(instant.id, { action: 'reject_on_spot', reason: '不符合条件' }, await ctx.signIn('frontdesk'))).statusCode, 200);
      await dispatcher().runOnce(recordingProvider().provider);
      const rejected = await messagesOf({ caseId: instant.id });
      assert.deepEqual(eventsOf(rejected), ['accepted', 'decided', 'rating_invitation']);
      assert.match(rejected.find((x) => x.event === 'decided')!.body, /已办结,结果:不予许可\(不符合条件\)。$/);
    });

    test('a one-time code is sent, then masked in the message and blanked in the outbox; an expired one is not sent', async () => {
      await drain();
      // Writing a code wakes the consumers at once (NOTIFY at commit), rather than leaving it to their timer.
      let wake: (topic: string | null) => void = () => {};
      const woken = new Promise<string | null>((resolve) => {
        wake = resolve;
      });
      const stopListening = await ctx.database.listen(notifyChannel, (topic) => wake(topic));
      const id = await emit('otp.requested', { phone: '13905381234', code: '493021', purpose: 'sign_in' });
      assert.equal(await woken, 'otp.requested');
      await stopListening();
      const { provider, sent } = recordingProvider();
      await dispatcher().runOnce(provider);
      assert.equal(sent.at(-1)!.body, '【一窗通】验证码493021,5分钟内有效,请勿告诉他人。', 'the provider gets the code');
      const [message] = await messagesOf({ outboxId: id });
      assert.equal(message!.body, '【一窗通】验证码******,5分钟内有效,请勿告诉他人。');
      assert.equal(message!.status, 'delivered');
      assert.equal((message!.params as Record<string, string>).code, '');
      const row = await ctx.database.db.selectFrom('outbox').select('payload').where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row.payload, { phone: '13905381234', code: '', purpose: 'sign_in' });

      // A code whose message failed for good is masked too; one older than five minutes is never sent.
      const failing = recordingProvider(() => new ProviderError('permanent', 'isv.MOBILE_NUMBER_ILLEGAL', 'bad number'));
      const refused = await emit('otp.requested', { phone: '13905381235', code: '111222', purpose: 'sign_in' });
      await dispatcher().runOnce(failing.provider);
      const [failed] = await messagesOf({ outboxId: refused });
      assert.deepEqual([failed!.status, failed!.body.includes('111222')], ['permanent-failure', false]);
      const stale = await emit('otp.requested', { phone: '13905381236', code: '333444', purpose: 'sign_in' });
      ctx.clock.advance(6 * minute);
      await dispatcher().runOnce(provider);
      assert.deepEqual(await messagesOf({ outboxId: stale }), [], 'too old when first seen: consumed without a message');
    });

    test('sign-in codes go first: claimed before a backlog of other events, and sent before other texts', async () => {
      await drain();
      for (let i = 0; i < 5; i++) await emit('notification.sms', { phone: `139053840${i}0`, template: 'appointment_booked', params: { code: `Q${i}`, center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } });
      const otp = await emit('otp.requested', { phone: '13905384999', code: '246810', purpose: 'sign_in' });
      const d = dispatcher({ batchSize: 2 });
      const { provider, sent } = recordingProvider();
      await d.consume();
      assert.equal((await messagesOf({ outboxId: otp })).length, 1, 'the code was in the first batch of two');
      await d.send(provider);
      assert.equal(sent[0]!.event, 'otp', 'and its text was the first sent');
    });

    test('a consumer killed after claiming, or mid-send, neither loses nor doubles: exactly one message per event', async () => {
      await drain();
      const id = await emit('notification.sms', { phone: '13905387777', template: 'appointment_reminder', params: { code: 'K9Q2ZZ', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } });
      // Consumer A claims the row and dies before writing anything.
      const claimed = await ctx.database.db.transaction().execute((trx) => createUnitOfWork(trx).read.notifications.claimOutbox(ctx.clock.now(), new Date(ctx.clock.now().getTime() + minute), 10));
      assert.deepEqual(
        claimed.map((r) => r.id),
        [id],
      );
      const b = dispatcher();
      const { provider, sent } = recordingProvider();
      assert.equal((await b.consume()).claimed, 0, 'the lease holds while A might still be working');
      ctx.clock.advance(minute + 1);
      const consumed = await b.consume();
      assert.deepEqual([consumed.claimed, consumed.messages], [1, 1], 'after the lease, B takes it over');
      // B claims the message for sending (marked `sending`, committed) and dies before the provider answers.
      const sending = await ctx.database.db.transaction().execute((trx) => createUnitOfWork(trx).read.notifications.claimDueMessages(ctx.clock.now(), new Date(ctx.clock.now().getTime() + minute), 10));
      assert.equal(sending.length, 1);
      await provider.send({ clientReference: sending[0]!.id, event: 'appointment_reminder', channel: 'sms', to: sending[0]!.recipient, body: sending[0]!.body, params: sending[0]!.params, fields: [], templateVersion: 1 });
      assert.equal((await b.send(provider)).claimed, 0, 'a message being sent is left to its sender until its lease ends');
      ctx.clock.advance(minute + 1);
      const resent = await b.send(provider);
      assert.equal(resent.delivered, 1);
      const messages = await messagesOf({ outboxId: id });
      assert.equal(messages.length, 1, 'one message for the event');
      assert.equal(messages[0]!.attempts, 2);
      assert.equal(messages[0]!.body, '【一窗通】提醒:您预约了明天11月24日 09:00的社会事务业务,预约码K9Q2ZZ,请按时到场。');
      assert.deepEqual(
        sent.map((s) => s.clientReference),
        [messages[0]!.id, messages[0]!.id],
        'the re-send after the crash carries the same client reference, so the provider can recognise it',
      );

      // A row re-claimed after its messages were written (a consumer that committed, then lost its answer) makes none again.
      await ctx.database.db.updateTable('outbox').set({ delivered_at: null }).where('id', '=', id).execute();
      await b.consume();
      assert.equal((await messagesOf({ outboxId: id })).length, 1, 'the unique key holds');
    });

    test('a slow send in a batch does not let another process send the rest twice: each message’s lease starts at its own send', async () => {
      await drain();
      const ids = [];
      for (let i = 0; i < 2; i++)
        ids.push(await emit('notification.sms', { phone: `1390538600${i}`, template: 'appointment_booked', params: { code: `S${i}`, center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } }));
      const a = dispatcher();
      const b = dispatcher();
      await a.consume();
      const sent: string[] = [];
      let othersClaimed = -1;
      const provider: NotificationProvider = {
        name: 'slow',
        async send(message) {
          sent.push(message.clientReference);
          if (sent.length === 1) ctx.clock.advance(50_000); // the first send takes 50 s of the batch's minute
          if (sent.length === 2) {
            // 61 s after the batch was claimed, another process looks for due messages.
            ctx.clock.advance(11_000);
            othersClaimed = (await b.send(provider)).claimed;
          }
          return { providerReference: null };
        },
      };
      const report = await a.send(provider);
      assert.equal(othersClaimed, 0, 'the second message’s lease began at its own send, so no one else took it');
      assert.equal(report.delivered, 2);
      assert.deepEqual(sent.length, 2);
      const messages = await ctx.database.db.selectFrom('notification_messages').select(['status', 'attempts']).where('outbox_id', 'in', ids).execute();
      assert.ok(messages.every((m) => m.status === 'delivered' && m.attempts === 1));
    });

    test('temporary failures back off exponentially and give up after the last attempt; permanent ones at once; unknown topics make no message', async () => {
      await drain();
      const d = dispatcher({ maxAttempts: 3 });
      const flaky = recordingProvider((m) =>
        m.to === '13905385555' ? new ProviderError('temporary', 'isv.BUSINESS_LIMIT_CONTROL', 'throttled') : m.to === '13905385556' ? new ProviderError('permanent', 'isv.MOBILE_NUMBER_ILLEGAL', 'no such number') : null,
      );
      const temporary = await emit('notification.sms', { phone: '13905385555', template: 'appointment_booked', params: { code: 'T1', center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } });
      const permanent = await emit('notification.sms', { phone: '13905385556', template: 'appointment_booked', params: { code: 'T2', center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } });
      const unknown = await emit('staff.signed_in', { entityType: 'staff', entityId: 'x' });
      await d.runOnce(flaky.provider);
      const [t1] = await messagesOf({ outboxId: temporary });
      assert.equal(t1!.status, 'temporary-failure');
      assert.equal(t1!.next_attempt_at.getTime() - ctx.clock.now().getTime(), 30_000, 'first retry after 30 s');
      assert.match(t1!.last_error!, /isv\.BUSINESS_LIMIT_CONTROL/);
      const [p1] = await messagesOf({ outboxId: permanent });
      assert.deepEqual([p1!.status, p1!.attempts], ['permanent-failure', 1]);
      assert.deepEqual(await messagesOf({ outboxId: unknown }), []);
      const unknownRow = await ctx.database.db.selectFrom('outbox').select('delivered_at').where('id', '=', unknown).executeTakeFirstOrThrow();
      assert.ok(unknownRow.delivered_at, 'a topic no template handles is consumed');

      assert.equal((await d.send(flaky.provider)).claimed, 0, 'not before its time');
      ctx.clock.advance(30_000);
      await d.send(flaky.provider);
      const [t2] = await messagesOf({ outboxId: temporary });
      assert.deepEqual([t2!.status, t2!.attempts], ['temporary-failure', 2]);
      assert.equal(t2!.next_attempt_at.getTime() - ctx.clock.now().getTime(), 60_000, 'then after a minute');
      ctx.clock.advance(60_000);
      await d.send(flaky.provider);
      const [t3] = await messagesOf({ outboxId: temporary });
      assert.deepEqual([t3!.status, t3!.attempts], ['permanent-failure', 3]);
      assert.match(t3!.last_error!, /^gave up after 3 attempts/);

      // An event a day old when first seen (an outage, the demo history) is consumed without a text.
      const old = await emit('notification.sms', { phone: '13905385557', template: 'appointment_booked', params: { code: 'T3', center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } });
      ctx.clock.advance(25 * 3_600_000);
      await d.runOnce(flaky.provider);
      assert.deepEqual(await messagesOf({ outboxId: old }), []);
      const oldRow = await ctx.database.db.selectFrom('outbox').select(['delivered_at', 'last_error']).where('id', '=', old).executeTakeFirstOrThrow();
      assert.ok(oldRow.delivered_at);
      assert.equal(oldRow.last_error, 'too old to send');
    });

    test('templates: an edit is the next version, used from then on; a bad one is refused by field; only the province edits', async () => {
      await drain();
      const saved = await ctx.services.notifications.saveTemplate({ actor: systemActor }, { event: 'appointment_booked', channel: 'sms', body: '【一窗通】预约成功:{center}{time},预约码{code}。', fields: [], enabled: true });
      assert.equal(saved.version, 2);
      const id = await emit('notification.sms', { phone: '13905386666', template: 'appointment_booked', params: { code: 'V2', center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } });
      await dispatcher().runOnce(recordingProvider().provider);
      const [message] = await messagesOf({ outboxId: id });
      assert.deepEqual([message!.template_version, message!.body], [2, '【一窗通】预约成功:新泰市政务服务中心11月24日 09:00,预约码V2。']);

      await assert.rejects(ctx.services.notifications.saveTemplate({ actor: systemActor }, { event: 'accepted', channel: 'sms', body: '{item}:{idNumber} {when}', fields: [], enabled: true }), (error: AppError) => {
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.deepEqual(
          (error.details as { field: string; message: string }[]).map((p) => p.message),
          ['不得使用身份证号占位符{idNumber}:通知不得携带完整身份证号', '未知的占位符{when},可用:{item}{caseNo}{dueDate}'],
        );
        return true;
      });

      // A WeChat subscribe-message template is checked field by field and kept as its own versions;
      // no account binds a WeChat openid yet, so it makes no message (the SMS still goes).
      const wechat = await ctx.services.notifications.saveTemplate(
        { actor: systemActor },
        {
          event: 'accepted',
          channel: 'wechat',
          body: '{item}已受理',
          fields: [
            { key: 'thing1', type: 'thing', value: '{item}' },
            { key: 'character_string2', type: 'character_string', value: '{caseNo}' },
            { key: 'phrase3', type: 'phrase', value: '已受理' },
            { key: 'time4', type: 'time', value: '{dueDate}' },
          ],
          enabled: true,
        },
      );
      assert.deepEqual([wechat.version, wechat.check.problems], [1, []]);
      await assert.rejects(
        ctx.services.notifications.saveTemplate({ actor: systemActor }, { event: 'accepted', channel: 'wechat', body: '', fields: [{ key: 'phrase1', type: 'phrase', value: '您的申请已经受理' }], enabled: true }),
        /phrase is at most 5 Chinese characters/,
      );

      const admin = await ctx.signIn('admin');
      const listed = await ctx.request({ method: 'GET', url: '/api/notification-templates', cookie: admin });
      assert.equal(listed.statusCode, 200, listed.body);
      const booked = (listed.json() as { templates: { event: string; version: number; check: { segments: number } }[] }).templates.find((t) => t.event === 'appointment_booked')!;
      assert.deepEqual([booked.version, booked.check.segments], [2, 1]);
      const put = await ctx.request({ method: 'PUT', url: '/api/notification-templates/accepted/sms', cookie: admin, idempotencyKey: true, body: { body: '{item}已受理', enabled: true } });
      assert.equal(put.statusCode, 403, 'a county administrator reads the templates but the province edits them');
      const history = await ctx.request({ method: 'GET', url: '/api/notification-templates/appointment_booked/sms/history', cookie: admin });
      assert.deepEqual(
        (history.json() as { version: number }[]).map((v) => v.version),
        [2, 1],
      );
      const preview = await ctx.request({
        method: 'POST',
        url: '/api/notification-templates/preview',
        cookie: admin,
        body: { event: 'accepted', channel: 'wechat', body: '', fields: [{ key: 'thing1', type: 'thing', value: '您申请的{item}已受理,请耐心等待审批结果' }] },
      });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.match((preview.json() as { problems: { message: { zh: string } }[] }).problems[0]!.message.zh, /thing1:事物\(thing\)不超过20个字符/);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/notification-templates', cookie: await ctx.signIn('supervisor') })).statusCode, 403);

      // The log and its figures: the county's supervisor sees its cases' messages, not sign-in codes nor texts of no known center.
      const log = await ctx.request({ method: 'GET', url: '/api/notification-messages?limit=200', cookie: await ctx.signIn('supervisor') });
      assert.equal(log.statusCode, 200, log.body);
      const rows = log.json() as { event: string; recipient: string; caseId: string | null }[];
      assert.ok(rows.length > 0 && rows.every((r) => r.caseId !== null && /^\d{3}\*{4}\d{4}$/.test(r.recipient)));
      const figures = await ctx.request({ method: 'GET', url: '/api/notification-messages/figures', cookie: admin });
      assert.equal(figures.statusCode, 200, figures.body);
      const f = figures.json() as { sent: number; failed: number; retried: number; total: number };
      assert.ok(f.sent > 0 && f.total >= f.sent + f.failed);
    });

    test('two consumers at once never double a message', { skip: raceNeedsPostgres(backend) }, async () => {
      await drain();
      const ids: string[] = [];
      for (let i = 0; i < 60; i++)
        ids.push(
          await emit('notification.sms', { phone: `1390539${String(i).padStart(4, '0')}`, template: 'appointment_booked', params: { code: `R${i}`, center: '新泰市政务服务中心', slot: '2026-11-24T01:00:00.000Z', className: '社会事务' } }),
        );
      const { provider, sent } = recordingProvider();
      const slow: NotificationProvider = {
        name: 'slow',
        async send(m) {
          await new Promise((r) => setImmediate(r));
          return provider.send(m);
        },
      };
      const [a, b] = [dispatcher({ batchSize: 5 }), dispatcher({ batchSize: 5 })];
      const reports = await Promise.all([a.runOnce(slow), b.runOnce(slow)]);
      assert.ok(
        reports.every((r) => r.consume.consumed > 0),
        'both consumers took part',
      );
      const messages = await ctx.database.db.selectFrom('notification_messages').select(['id', 'outbox_id']).where('outbox_id', 'in', ids).execute();
      assert.equal(messages.length, 60);
      assert.equal(new Set(messages.map((m) => m.outbox_id)).size, 60);
      const references = sent.filter((s) => s.params.code?.startsWith('R')).map((s) => s.clientReference);
      assert.equal(references.length, 60);
      assert.equal(new Set(references).size, 60, 'each message sent once');
    });
  });
}
