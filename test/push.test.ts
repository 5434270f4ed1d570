/**
 * 数据推送 (issue 16 §4) on a real database: a department's subscription gets its events by
 * webhook, signed; a 500 is tried again after the back-off and a 200 delivers; repeated failures
 * make a dead letter, which can be sent again; a replay from a point in time delivers again; a
 * department never receives another department's events nor items it did not ask for; a sender
 * killed mid-delivery loses nothing; two senders at once deliver once (PostgreSQL); the cursor
 * never skips a row whose transaction committed after a later one's (PostgreSQL); the JetStream
 * publisher publishes each event once, the stream dropping a republished one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createUnitOfWork, narrowUnitOfWork } from '../src/repositories/index.ts';
import { createIdProtector } from '../src/services/id-protection.ts';
import { PushSender, type PushSettings } from '../src/services/push/push-sender.ts';
import { NatsPublisher } from '../src/services/push/nats-publisher.ts';
import { verifyPushSignature } from '../src/services/push/signature.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps } from './support/case-steps.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; topic: string; occurredAt: string; regionPath: string | null; departmentId: string | null; itemCode: string | null; data: Record<string, unknown> };
}

/** A webhook receiver on a free port: answers with the next status of `answers` (200 once they run out). */
async function receiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, json: JSON.parse(body) });
      response.statusCode = answers.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/onewindow`;
  return { url, received, answers, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const second = 1000;

for (const backend of testBackends()) {
  describe(`data push: webhooks, retries, dead letters, replays, scope (${backend.name})`, () => {
    let ctx: TestContext;
    let hook: Awaited<ReturnType<typeof receiver>>;
    let mz: string;
    let scjg: string;
    const { nextPerson, intake } = caseSteps(() => ctx, 700);
    /** Exact back-off (jitter off: factor 1), three attempts: 30 s, then 2 min, then dead. */
    const sender = (settings: Partial<PushSettings> = {}) =>
      new PushSender({
        uow: narrowUnitOfWork(createUnitOfWork(ctx.database.db), PushSender.repositories),
        clock: ctx.clock,
        ids: createIdProtector(ctx.dataKey),
        settings: { random: () => 0.5, delaysMs: [30 * second, 120 * second], maxAttempts: 3, timeoutMs: 2000, ...settings },
      });
    /** An event as a write records it: an outbox row with the write's scope, in its own transaction. */
    const emit = async (topic: string, payload: Record<string, unknown>, departmentId: string | null, regionPath = '370000.370900.370982') => {
      const row = await ctx.database.db
        .insertInto('outbox')
        .values({ topic, payload: JSON.stringify(payload), created_at: ctx.clock.now(), available_at: ctx.clock.now(), region_path: regionPath, department_id: departmentId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return String(row.id);
    };
    const subscribe = async (body: Record<string, unknown>, as = 'admin.mz') => {
      const created = await ctx.request({ method: 'POST', url: '/api/push-subscriptions', cookie: await ctx.signIn(as), idempotencyKey: true, body: { departmentId: mz, name: '民政业务系统', url: hook.url, ...body } });
      assert.equal(created.statusCode, 201, created.body);
      return created.json() as { subscription: { id: string }; secret: string };
    };
    const deliveries = async (subscriptionId: string, query = '') => {
      const page = await ctx.request({ method: 'GET', url: `/api/push-subscriptions/${subscriptionId}/deliveries${query}`, cookie: await ctx.signIn('admin.mz') });
      assert.equal(page.statusCode, 200, page.body);
      return page.json() as { items: { id: string; outboxId: string; state: string; attempts: number; lastStatus: number | null; itemCode: string | null }[]; total: number; byState: Record<string, number> };
    };
    const unsubscribeAll = async () => {
      await ctx.database.db.updateTable('push_subscriptions').set({ active: false }).execute();
    };

    before(async () => {
      ctx = await createTestContext(backend);
      hook = await receiver();
      const departments = await ctx.database.db.selectFrom('departments').select(['id', 'name']).execute();
      mz = departments.find((d) => d.name.includes('民政'))!.id;
      scjg = departments.find((d) => d.name.includes('市场监督'))!.id;
      // The template's demo rows are read past once, so each test counts its own.
      await sender().fanOut();
    });
    after(async () => {
      await hook.close();
      await ctx.close();
    });

    test('signed delivery: a 500 is tried again after 30 s, the 200 delivers; the receiver can verify every request', async () => {
      await unsubscribeAll();
      const { subscription, secret } = await subscribe({ topics: ['case.*'] });
      assert.match(secret, /^whsec_/);
      hook.received.length = 0;
      hook.answers.push(500);
      const eventId = await emit('case.accept', { entityType: 'case', entityId: randomUUID() }, mz);

      const first = await sender().runOnce();
      assert.equal(first.fannedOut.deliveries, 1);
      assert.deepEqual(first.sent, { claimed: 1, delivered: 0, retrying: 1, dead: 0 });
      ctx.clock.advance(29 * second);
      assert.equal((await sender().runOnce()).sent.claimed, 0, 'not before the back-off has passed');
      ctx.clock.advance(2 * second);
      assert.deepEqual((await sender().runOnce()).sent, { claimed: 1, delivered: 1, retrying: 0, dead: 0 });

      assert.equal(hook.received.length, 2);
      const [a, b] = hook.received as [Received, Received];
      assert.equal(a.headers['x-onewindow-delivery'], b.headers['x-onewindow-delivery'], 'a retry is the same delivery: the receiver can drop a repeat');
      for (const r of hook.received) {
        assert.equal(r.headers['x-onewindow-event'], 'case.accept');
        assert.equal(r.json.id, eventId);
        assert.equal(r.json.departmentId, mz);
        const ok = verifyPushSignature(secret, { timestamp: r.headers['x-onewindow-timestamp'] as string, signature: r.headers['x-onewindow-signature'] as string }, r.body, Math.floor(ctx.clock.now().getTime() / 1000));
        assert.ok(ok, 'the signature verifies with the secret shown once');
        assert.ok(
          !verifyPushSignature('whsec_other', { timestamp: r.headers['x-onewindow-timestamp'] as string, signature: r.headers['x-onewindow-signature'] as string }, r.body, Math.floor(ctx.clock.now().getTime() / 1000)),
          'and not with another secret',
        );
        assert.ok(
          !verifyPushSignature(
            secret,
            { timestamp: r.headers['x-onewindow-timestamp'] as string, signature: r.headers['x-onewindow-signature'] as string },
            r.body.replace('case.accept', 'case.refuse'),
            Math.floor(ctx.clock.now().getTime() / 1000),
          ),
          'nor for a changed body',
        );
      }
      const log = await deliveries(subscription.id);
      assert.equal(log.items.length, 1);
      assert.equal(log.items[0]!.state, 'delivered');
      assert.equal(log.items[0]!.attempts, 2);
      assert.equal(log.items[0]!.lastStatus, 200);
    });

    test('repeated failures make a dead letter after the last attempt; 重新推送 sends it again under a new delivery id', async () => {
      await unsubscribeAll();
      const { subscription } = await subscribe({ topics: ['complaint.*'] });
      hook.received.length = 0;
      hook.answers.push(500, 503, 502);
      await emit('complaint.dispatch', { complaintId: randomUUID(), departmentId: mz }, mz);
      assert.equal((await sender().runOnce()).sent.retrying, 1);
      ctx.clock.advance(31 * second);
      assert.equal((await sender().runOnce()).sent.retrying, 1);
      ctx.clock.advance(121 * second);
      assert.deepEqual((await sender().runOnce()).sent, { claimed: 1, delivered: 0, retrying: 0, dead: 1 });
      ctx.clock.advance(3_600 * second);
      assert.equal((await sender().runOnce()).sent.claimed, 0, 'a dead letter is not tried again by itself');

      const dead = await deliveries(subscription.id, '?state=dead');
      assert.equal(dead.total, 1);
      assert.equal(dead.items[0]!.lastStatus, 502);
      const admin = await ctx.signIn('admin.mz');
      const again = await ctx.request({ method: 'POST', url: `/api/push-subscriptions/${subscription.id}/deliveries/${dead.items[0]!.id}/redeliver`, cookie: admin, idempotencyKey: true });
      assert.equal(again.statusCode, 200, again.body);
      const newId = (again.json() as { id: string }).id;
      assert.notEqual(newId, dead.items[0]!.id);
      assert.deepEqual((await sender().runOnce()).sent, { claimed: 1, delivered: 1, retrying: 0, dead: 0 });
      assert.equal(hook.received.at(-1)!.headers['x-onewindow-delivery'], newId);
      const twice = await ctx.request({ method: 'POST', url: `/api/push-subscriptions/${subscription.id}/deliveries/${newId}/redeliver`, cookie: admin, idempotencyKey: true });
      assert.equal(twice.statusCode, 409, 'only a dead letter is sent again');
      assert.equal((twice.json() as { error: { code: string } }).error.code, 'DELIVERY_NOT_DEAD');
    });

    test('replay from a point in time delivers again what was written since, and events from before the subscription', async () => {
      await unsubscribeAll();
      const t0 = ctx.clock.now();
      const before1 = await emit('rating.given', { ratingId: randomUUID(), departmentId: mz, regionPath: '370000.370900.370982' }, mz);
      ctx.clock.advance(60 * second);
      const { subscription } = await subscribe({ topics: ['rating.given'] });
      ctx.clock.advance(60 * second);
      const t1 = ctx.clock.now();
      const after1 = await emit('rating.given', { ratingId: randomUUID() }, mz);
      hook.received.length = 0;
      await sender().runOnce();
      assert.deepEqual(
        hook.received.map((r) => r.json.id),
        [after1],
        'a new subscription gets events from its creation on',
      );

      const admin = await ctx.signIn('admin.mz');
      const replay = await ctx.request({ method: 'POST', url: `/api/push-subscriptions/${subscription.id}/replay`, cookie: admin, idempotencyKey: true, body: { from: t1.toISOString() } });
      assert.equal(replay.statusCode, 200, replay.body);
      assert.equal((replay.json() as { pending: number }).pending, 1);
      await sender().runOnce();
      assert.deepEqual(
        hook.received.map((r) => r.json.id),
        [after1, after1],
      );
      assert.notEqual(hook.received[0]!.headers['x-onewindow-delivery'], hook.received[1]!.headers['x-onewindow-delivery'], 'a replay is a new delivery');

      const further = await ctx.request({ method: 'POST', url: `/api/push-subscriptions/${subscription.id}/replay`, cookie: admin, idempotencyKey: true, body: { from: t0.toISOString() } });
      assert.equal((further.json() as { pending: number }).pending, 2);
      await sender().runOnce();
      assert.deepEqual(
        hook.received
          .slice(2)
          .map((r) => r.json.id)
          .sort(),
        [after1, before1].sort(),
        'from before the subscription existed, too',
      );

      const tooOld = await ctx.request({ method: 'POST', url: `/api/push-subscriptions/${subscription.id}/replay`, cookie: admin, idempotencyKey: true, body: { from: new Date(t0.getTime() - 40 * 86_400_000).toISOString() } });
      assert.equal(tooOld.statusCode, 400, 'thirty days back at most');
    });

    test('a department receives only its own events in its region subtree, only its topics and items; sign-in codes never', async () => {
      await unsubscribeAll();
      const { subscription } = await subscribe({ topics: ['case.*', 'complaint.*'], itemCodes: ['370982-MZ-004'] });
      hook.received.length = 0;
      // A real case of 民政 with that item: its events carry the item code (joined from the case).
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const required = item.content.materials.filter((m) => m.required && m.scenarios.length === 0);
      const created = await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: required.map((m) => ({ key: m.key, state: 'provided' })), decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const caseId = (created.json() as { id: string }).id;
      // Others: another department's case event, ours outside our region, ours of another item, not a pushable topic.
      const foreign = await emit('case.accept', { entityType: 'case', entityId: randomUUID() }, scjg);
      const elsewhere = await emit('complaint.dispatch', { complaintId: randomUUID() }, mz, '370000.370900.370983');
      const otherItem = await emit('case.accept', { entityType: 'case', entityId: caseId.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }, mz);
      const code = await emit('otp.requested', { phone: '13900000000', code: '123456' }, mz);
      await sender().runOnce();
      const got = hook.received.map((r) => r.json);
      assert.ok(got.length >= 1, 'the case reached the subscription');
      for (const e of got) {
        assert.equal(e.departmentId, mz);
        assert.equal(e.itemCode, '370982-MZ-004');
        assert.equal(e.data.entityId, caseId);
        assert.match(e.topic, /^case\./);
      }
      for (const id of [foreign, elsewhere, otherItem, code]) assert.ok(!got.some((e) => e.id === id), `event ${id} is not ours`);
      const log = await deliveries(subscription.id);
      assert.ok(log.items.every((d) => d.itemCode === '370982-MZ-004'));

      // Another department's administrator neither sees nor touches the subscription.
      const other = await ctx.request({ method: 'GET', url: `/api/push-subscriptions/${subscription.id}`, cookie: await ctx.signIn('admin.zhaizhen') });
      assert.equal(other.statusCode, 404);
      const list = await ctx.request({ method: 'GET', url: '/api/push-subscriptions', cookie: await ctx.signIn('admin.zhaizhen') });
      assert.deepEqual((list.json() as { items: unknown[] }).items, []);
      const forbidden = await ctx.request({ method: 'POST', url: '/api/push-subscriptions', cookie: await ctx.signIn('admin.mz'), idempotencyKey: true, body: { departmentId: scjg, name: '越权', url: hook.url, topics: ['case.*'] } });
      assert.equal(forbidden.statusCode, 403, 'a department administrator subscribes for their own department only');
      const badTopic = await ctx.request({ method: 'POST', url: '/api/push-subscriptions', cookie: await ctx.signIn('admin.mz'), idempotencyKey: true, body: { departmentId: mz, name: '验证码', url: hook.url, topics: ['otp.requested'] } });
      assert.equal(badTopic.statusCode, 400, 'sign-in codes are not an event one can subscribe to');
    });

    test('the secret is shown once: a replay of the create request and the list never show it; rotating gives a new one that signs from then on', async () => {
      await unsubscribeAll();
      const admin = await ctx.signIn('admin.mz');
      const key = randomUUID();
      const body = { departmentId: mz, name: '一次', url: hook.url, topics: ['licence.*'] };
      const first = await ctx.request({ method: 'POST', url: '/api/push-subscriptions', cookie: admin, idempotencyKey: key, body });
      const replayed = await ctx.request({ method: 'POST', url: '/api/push-subscriptions', cookie: admin, idempotencyKey: key, body });
      const created = first.json() as { subscription: { id: string }; secret: string };
      assert.equal((replayed.json() as { subscription: { id: string }; secret: string | null }).subscription.id, created.subscription.id);
      assert.equal((replayed.json() as { secret: string | null }).secret, null);
      const list = await ctx.request({ method: 'GET', url: '/api/push-subscriptions', cookie: admin });
      assert.ok(!list.body.includes(created.secret) && !list.body.includes('secret'));
      const rotated = await ctx.request({ method: 'POST', url: `/api/push-subscriptions/${created.subscription.id}/rotate-secret`, cookie: admin, idempotencyKey: true });
      const secret = (rotated.json() as { secret: string }).secret;
      assert.notEqual(secret, created.secret);
      hook.received.length = 0;
      await emit('licence.revoked', { entityType: 'licence', entityId: randomUUID() }, mz);
      await sender().runOnce();
      const r = hook.received[0]!;
      const now = Math.floor(ctx.clock.now().getTime() / 1000);
      const headers = { timestamp: r.headers['x-onewindow-timestamp'] as string, signature: r.headers['x-onewindow-signature'] as string };
      assert.ok(verifyPushSignature(secret, headers, r.body, now));
      assert.ok(!verifyPushSignature(created.secret, headers, r.body, now), 'the old secret no longer signs');
      const paused = await ctx.request({ method: 'PATCH', url: `/api/push-subscriptions/${created.subscription.id}`, cookie: admin, idempotencyKey: true, body: { active: false } });
      assert.equal(paused.statusCode, 200, paused.body);
      hook.received.length = 0;
      await emit('licence.revoked', { entityType: 'licence', entityId: randomUUID() }, mz);
      await sender().runOnce();
      assert.equal(hook.received.length, 0, 'a paused subscription gets nothing');
      const removed = await ctx.request({ method: 'DELETE', url: `/api/push-subscriptions/${created.subscription.id}`, cookie: admin, idempotencyKey: true });
      assert.equal(removed.statusCode, 200, removed.body);
    });

    test('kill safety: a sender that dies after claiming leaves the delivery to be posted after its lease; nothing is marked delivered unanswered', async () => {
      await unsubscribeAll();
      const { subscription } = await subscribe({ topics: ['case.*'] });
      hook.received.length = 0;
      await emit('case.accept', { entityType: 'case', entityId: randomUUID() }, mz);
      await sender().fanOut();
      // The dead process: claimed (lease taken, attempt counted), never answered.
      const repos = createUnitOfWork(ctx.database.db).read;
      const now = ctx.clock.now();
      const claimed = await repos.push.claimDue(now, new Date(now.getTime() + 62 * second), 10);
      assert.equal(claimed.length, 1);
      assert.equal((await sender().runOnce()).sent.claimed, 0, 'held by the lease');
      assert.equal((await deliveries(subscription.id)).items[0]!.state, 'pending');
      ctx.clock.advance(63 * second);
      assert.deepEqual((await sender().runOnce()).sent, { claimed: 1, delivered: 1, retrying: 0, dead: 0 });
      assert.equal(hook.received.length, 1);
      assert.equal(hook.received[0]!.headers['x-onewindow-delivery'], claimed[0]!.id);
    });

    test('two senders at once deliver each event once', { skip: raceNeedsPostgres(backend) }, async () => {
      await unsubscribeAll();
      await subscribe({ topics: ['case.*'] });
      hook.received.length = 0;
      const ids = [];
      for (let i = 0; i < 12; i++) ids.push(await emit('case.accept', { entityType: 'case', entityId: randomUUID() }, mz));
      const runs = await Promise.all([sender({ batch: 5, concurrency: 2 }).runOnce(), sender({ batch: 5, concurrency: 2 }).runOnce(), sender({ batch: 5, concurrency: 2 }).runOnce()]);
      assert.equal(
        runs.reduce((n, r) => n + r.fannedOut.deliveries, 0),
        12,
        'fanned out once',
      );
      while ((await sender().runOnce()).sent.claimed > 0);
      assert.deepEqual(hook.received.map((r) => r.json.id).sort(), [...ids].sort(), 'each event posted exactly once');
    });

    test('the cursor never skips a row committed after a row with a higher id', { skip: raceNeedsPostgres(backend) }, async () => {
      await unsubscribeAll();
      await subscribe({ topics: ['case.*'] });
      hook.received.length = 0;
      const early = new pg.Client({ connectionString: ctx.database.url });
      const late = new pg.Client({ connectionString: ctx.database.url });
      await early.connect();
      await late.connect();
      try {
        const insert = (client: pg.Client) =>
          client.query<{ id: string }>(`INSERT INTO outbox (topic, payload, created_at, available_at, region_path, department_id) VALUES ('case.accept', $1, $2, $2, '370000.370900.370982', $3) RETURNING id`, [
            JSON.stringify({ entityType: 'case', entityId: randomUUID() }),
            ctx.clock.now(),
            mz,
          ]);
        // Two orders of transaction ids: `late` takes its transaction id first but its row second.
        await late.query('BEGIN');
        await late.query('SELECT pg_current_xact_id()');
        await early.query('BEGIN');
        const lowId = (await insert(early)).rows[0]!.id;
        const highId = (await insert(late)).rows[0]!.id;
        assert.ok(Number(lowId) < Number(highId));
        await late.query('COMMIT');
        await sender().runOnce();
        // The row with the higher id is committed and read; the one below it is still running.
        await early.query('COMMIT');
        await sender().runOnce();
        assert.deepEqual(hook.received.map((r) => r.json.id).sort(), [lowId, highId].sort(), 'both delivered: the late commit was not skipped');

        // And the other order: the row with the lower id commits last, from the younger transaction.
        hook.received.length = 0;
        await early.query('BEGIN');
        const low2 = (await insert(early)).rows[0]!.id;
        await late.query('BEGIN');
        const high2 = (await insert(late)).rows[0]!.id;
        await late.query('COMMIT');
        await sender().runOnce();
        assert.deepEqual(
          hook.received.map((r) => r.json.id),
          [],
          'nothing past a transaction still running',
        );
        await early.query('COMMIT');
        await sender().runOnce();
        assert.deepEqual(hook.received.map((r) => r.json.id).sort(), [low2, high2].sort());
      } finally {
        await early.end();
        await late.end();
      }
    });
  });
}

describe('data push: the JetStream publisher (nats-server on 127.0.0.1:4222)', async () => {
  const url = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';
  const reachable = await connect({ servers: url, timeout: 2000, reconnect: false })
    .then((nc) => nc.close().then(() => true))
    .catch(() => false);
  const skip = reachable ? false : `no NATS server at ${url} (start nats-server -js, or set NATS_TEST_URL)`;
  const [backend] = testBackends();
  let ctx: TestContext;
  const stream = `ONEWINDOW_TEST_${randomUUID().slice(0, 8).toUpperCase()}`;
  const prefix = `owtest${randomUUID().slice(0, 8)}`;
  let publisher: NatsPublisher;

  before(async () => {
    if (skip) return;
    ctx = await createTestContext(backend!);
    publisher = new NatsPublisher({ uow: narrowUnitOfWork(createUnitOfWork(ctx.database.db), NatsPublisher.repositories), clock: ctx.clock, settings: { url, stream, subjectPrefix: prefix } });
    // The template's demo rows: published once, so the test counts its own.
    for (let run = await publisher.runOnce(); run.published + run.skipped > 0; run = await publisher.runOnce());
  });
  after(async () => {
    if (skip) return;
    await publisher.close();
    const nc = await connect({ servers: url });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
    await ctx.close();
  });

  test('each event once, the outbox id as Nats-Msg-Id; a republish after a crash is dropped as a duplicate; codes never leave', { skip }, async () => {
    const at = ctx.clock.now();
    const insert = (topic: string, payload: object) =>
      ctx.database.db
        .insertInto('outbox')
        .values({ topic, payload: JSON.stringify(payload), created_at: at, available_at: at, region_path: '370000.370900.370982', department_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
    const before = await ctx.database.db.selectFrom('push_cursors').select(['last_xid', 'last_id']).where('name', '=', 'nats').executeTakeFirstOrThrow();
    const a = String((await insert('case.accept', { entityType: 'case', entityId: randomUUID() })).id);
    const b = String((await insert('complaint.receive', { complaintId: randomUUID() })).id);
    await insert('otp.requested', { phone: '13900000000', code: '654321' });
    const first = await publisher.runOnce();
    assert.deepEqual(first, { published: 2, duplicates: 0, skipped: 1 });
    // The crash: acknowledged, the cursor never moved.
    await ctx.database.db.updateTable('push_cursors').set({ last_xid: before.last_xid, last_id: before.last_id }).where('name', '=', 'nats').execute();
    const again = await publisher.runOnce();
    assert.deepEqual(again, { published: 0, duplicates: 2, skipped: 1 });

    const nc = await connect({ servers: url });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(stream);
      assert.equal(info.state.messages, 2, 'the stream holds each event once');
      const m1 = await jsm.streams.getMessage(stream, { seq: 1 });
      const m2 = await jsm.streams.getMessage(stream, { seq: 2 });
      assert.deepEqual([m1!.subject, m2!.subject], [`${prefix}.case.accept`, `${prefix}.complaint.receive`]);
      assert.deepEqual([m1!.header.get('Nats-Msg-Id'), m2!.header.get('Nats-Msg-Id')], [a, b]);
      assert.equal((m1!.json() as { id: string }).id, a);
    } finally {
      await nc.close();
    }
  });
});
