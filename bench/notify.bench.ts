/**
 * The notification consumer against a provider that fails a share of sends: how many messages are
 * delivered, how many needed retries, how many failed for good, and how many attempts it took.
 *
 *   node bench/notify.bench.ts                       # 400 events, 20 % temporary, 5 % permanent (PGlite, seconds)
 *   node bench/notify.bench.ts --events 2000 --consumers 2 --temporary 0.3
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/onewindow_bench node bench/notify.bench.ts --consumers 2
 *
 * Events are written to the outbox as other parts of the platform write them (appointment texts and
 * sign-in codes). The consumers run against a clock that the benchmark moves a minute per round, so
 * back-offs pass without waiting; every attempt is real (a claim, a provider call, a recorded
 * outcome). Sign-in codes are given an hour here instead of five minutes, so the clock's big steps
 * do not expire them. Afterwards the figures are checked: every event has exactly one message, and every
 * message is delivered or failed permanently (none left pending).
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { createDatabase, pgliteExtensions } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createUnitOfWork, narrowUnitOfWork } from '../src/repositories/index.ts';
import { NotificationDispatcher } from '../src/services/notify/dispatcher.ts';
import { failingProvider } from '../src/services/notify/providers/failing.ts';
import type { NotificationProvider } from '../src/services/notify/providers/provider.ts';
import { freshPostgres } from './scratch-database.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '400' },
    temporary: { type: 'string', default: '0.2' },
    permanent: { type: 'string', default: '0.05' },
    consumers: { type: 'string', default: '1' },
    seed: { type: 'string', default: '20261207' },
  },
});
const events = Number(values.events);
const consumers = Number(values.consumers);
const share = { temporary: Number(values.temporary), permanent: Number(values.permanent), seed: Number(values.seed) };

const url = process.env.DATABASE_URL;
if (url) await freshPostgres(url);
const pglite = url ? undefined : await PGlite.create({ extensions: pgliteExtensions });
const database = await createDatabase(url ? { databaseUrl: url } : { pglite });
await migrateToLatest(database.db);

let now = new Date('2026-12-07T01:00:00.000Z');
const clock = { now: () => new Date(now) };

// The events: appointment confirmations and reminders, and sign-in codes, to distinct numbers.
const rows = Array.from({ length: events }, (_, i) => {
  const phone = `139${String(10_000_000 + i).slice(-8)}`;
  const payload =
    i % 4 === 3
      ? { topic: 'otp.requested', payload: { phone, code: String(100_000 + i), purpose: 'sign_in' } }
      : { topic: 'notification.sms', payload: { phone, template: i % 2 ? 'appointment_reminder' : 'appointment_booked', params: { code: `B${i}`, center: '新泰市政务服务中心', slot: '2026-12-08T01:00:00.000Z', className: '社会事务' } } };
  return { topic: payload.topic, payload: JSON.stringify(payload.payload), created_at: now, available_at: now };
});
for (let i = 0; i < rows.length; i += 500)
  await database.db
    .insertInto('outbox')
    .values(rows.slice(i, i + 500))
    .execute();

const delivered = new Map<string, number>();
const sink: NotificationProvider = {
  name: 'sink',
  async send(message) {
    delivered.set(message.clientReference, (delivered.get(message.clientReference) ?? 0) + 1);
    return { providerReference: null };
  },
};
const provider = failingProvider(sink, share);
const uow = narrowUnitOfWork(createUnitOfWork(database.db), NotificationDispatcher.repositories);
let draw = share.seed;
const random = () => {
  draw = (draw * 1_103_515_245 + 12_345) % 2_147_483_648;
  return draw / 2_147_483_648;
};
const dispatchers = Array.from({ length: consumers }, () => new NotificationDispatcher({ uow, clock, settings: { random, otpMaxAgeMs: 3_600_000 } }));

const started = performance.now();
let rounds = 0;
for (; rounds < 200; rounds++) {
  const reports = await Promise.all(dispatchers.map((d) => d.runOnce(provider, 1000)));
  const pending = await database.db
    .selectFrom('notification_messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'in', ['pending', 'sending', 'temporary-failure'])
    .executeTakeFirstOrThrow();
  const outbox = await database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(pending.n) === 0 && Number(outbox.n) === 0 && reports.every((r) => r.send.claimed === 0)) break;
  now = new Date(now.getTime() + 60_000);
}
const seconds = (performance.now() - started) / 1000;

const messages = await database.db.selectFrom('notification_messages').select(['id', 'outbox_id', 'status', 'attempts', 'event', 'last_error']).execute();
const byStatus = new Map<string, number>();
for (const m of messages) byStatus.set(m.status, (byStatus.get(m.status) ?? 0) + 1);
const sent = byStatus.get('delivered') ?? 0;
const failed = (byStatus.get('permanent-failure') ?? 0) + (byStatus.get('technical-failure') ?? 0);
const retried = messages.filter((m) => m.attempts > 1).length;
const retriedAndSent = messages.filter((m) => m.attempts > 1 && m.status === 'delivered').length;
const attempts = messages.reduce((sum, m) => sum + m.attempts, 0);
const gaveUp = messages.filter((m) => m.status === 'permanent-failure' && m.last_error?.startsWith('gave up')).length;
const permanentLater = messages.filter((m) => m.status === 'permanent-failure' && m.attempts > 1 && !m.last_error?.startsWith('gave up')).length;
const doubled = [...delivered.values()].filter((n) => n > 1).length;
const oneEach = new Set(messages.map((m) => m.outbox_id)).size === events && messages.length === events;

console.log(`notification consumer — ${database.kind}, ${consumers} consumer(s), ${events} events, provider failing ${share.temporary * 100}% temporarily and ${share.permanent * 100}% permanently (seed ${share.seed})`);
console.log(`  messages ${messages.length} (one per event: ${oneEach ? 'yes' : 'NO'}), provider calls ${attempts}, rounds ${rounds + 1} (a minute of clock each), ${seconds.toFixed(1)} s`);
console.log(`  sent ${sent} (${((sent / events) * 100).toFixed(1)}%) — of which after a retry ${retriedAndSent}`);
console.log(`  retried ${retried} messages (${attempts - messages.length} extra attempts)`);
console.log(`  failed ${failed} (${((failed / events) * 100).toFixed(1)}%): permanent on the first attempt ${failed - gaveUp - permanentLater}, permanent on a retry ${permanentLater}, attempts exhausted ${gaveUp}`);
console.log(`  left pending ${messages.length - sent - failed}; delivered twice to the provider ${doubled}`);
console.log(`  throughput ${(attempts / seconds).toFixed(0)} provider calls/s`);

await database.close();
await pglite?.close();
if (!oneEach || doubled > 0 || messages.length - sent - failed !== 0) process.exitCode = 1;
