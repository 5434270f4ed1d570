/**
 * The hall, measured two ways, on PostgreSQL and on the embedded PGlite side by side:
 *
 * 1. Throughput of a kiosk ticket plus its call to a window (`HallService.issueTicket` then
 *    `callNext`, each one write: guard, change, rollup row, NOTIFY, outbox row, audit row) against
 *    a baseline of the bare SQL a queue needs (sequence upsert + insert; claim with SKIP LOCKED +
 *    update), one transaction each, over the same pool. Pairs per second, median of the rounds.
 * 2. Fan-out: the time from a call (just before `callNext`) to the `call` event arriving at each
 *    display connected to the live stream (`GET /api/centers/:id/board/stream`, a real HTTP server
 *    in this process, displays as plain HTTP clients here too), with 500 displays against 1.
 *    Median and p99 over every display × call, and their ratio.
 *
 *   node bench/hall.bench.ts [--pg-only | --pglite-only] [--rounds 3] [--pairs 200] [--concurrency 4]
 *       [--displays 500] [--calls 40]
 *   DATABASE_URL=postgres://…/onewindow_bench node bench/hall.bench.ts
 *
 * PostgreSQL: the database named in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
 * onewindow_bench) is DROPPED and created afresh; its name must contain "bench" or "scratch".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { benchDatabaseUrl, freshPostgres } from './scratch-database.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createServices, type Services } from '../src/main.ts';
import { loadDemo, demoPassword } from '../src/cli/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { chinaDate } from '../src/domain/china-time.ts';
import type { Actor } from '../src/services/actor.ts';

const { values: args } = parseArgs({
  options: {
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    pairs: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    displays: { type: 'string', default: '500' },
    calls: { type: 'string', default: '40' },
  },
});
const rounds = Number(args.rounds);
const pairs = Number(args.pairs);
const concurrency = Number(args.concurrency);
const manyDisplays = Number(args.displays);
const callCount = Number(args.calls);
const pgUrl = benchDatabaseUrl;

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

interface World {
  database: Database;
  services: Services;
  clerk: Actor;
  centerId: string;
  windowIds: string[];
  classIds: string[];
}

async function openWorld(kind: 'postgres' | 'pglite'): Promise<World> {
  if (kind === 'postgres') await freshPostgres(pgUrl);
  const database = await createDatabase(kind === 'postgres' ? { databaseUrl: pgUrl } : { dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const services = createServices(database, undefined, randomBytes(32));
  await loadDemo(services);
  const signedIn = await services.auth.signIn({ username: 'frontdesk', password: demoPassword, ip: '127.0.0.1', userAgent: 'hall bench' });
  const clerk = (await services.auth.authenticateSession(signedIn.token))!.actor;
  const center = (await database.db.selectFrom('centers').select('id').where('name', '=', '新泰市政务服务中心').executeTakeFirstOrThrow()).id;
  const windows = await database.db.selectFrom('windows').select(['id', 'number']).where('center_id', '=', center).where('number', '<=', 8).orderBy('number').execute();
  for (const w of windows) await services.hall.openWindow({ actor: clerk, idempotencyKey: randomUUID() }, w.id);
  const classIds = (await database.db.selectFrom('ticket_classes').select('id').where('center_id', '=', center).where('code', '=', 'B').execute()).map((c) => c.id);
  return { database, services, clerk, centerId: center, windowIds: windows.map((w) => w.id), classIds };
}

const kiosk: Actor = { kind: 'system', id: null, name: 'bench kiosk', grants: [] };

/** A: a kiosk ticket and its call, through the service. */
async function servicePair(world: World, i: number): Promise<void> {
  await world.services.hall.issueTicket({ actor: kiosk, idempotencyKey: randomUUID() }, { centerId: world.centerId, classCode: 'B' });
  const called = await world.services.hall.callNext({ actor: world.clerk, idempotencyKey: randomUUID() }, world.windowIds[i % world.windowIds.length]!);
  if (!called) throw new Error('nothing to call');
}

/** B: the bare SQL of a queue: next number and insert; claim the oldest with SKIP LOCKED and mark it called. */
async function baselinePair(world: World, i: number): Promise<void> {
  const db = world.database.db;
  const classId = world.classIds[0]!;
  const now = new Date();
  const day = chinaDate(now);
  await db.transaction().execute(async (trx) => {
    const seq = await sql<{ last_value: number }>`
      INSERT INTO ticket_sequences (class_id, day, last_value) VALUES (${classId}, ${day}, 1)
      ON CONFLICT (class_id, day) DO UPDATE SET last_value = ticket_sequences.last_value + 1 RETURNING last_value`.execute(trx);
    const n = seq.rows[0]!.last_value;
    await sql`INSERT INTO tickets (center_id, class_id, issued_class_id, day, sequence, number, priority, status, issued_at)
      VALUES (${world.centerId}, ${classId}, ${classId}, ${day}, ${n}, ${`B${String(n).padStart(3, '0')}`}, 'normal', 'waiting', ${now})`.execute(trx);
  });
  await db.transaction().execute(async (trx) => {
    const row = await sql<{ id: string }>`SELECT id FROM tickets WHERE center_id = ${world.centerId} AND day = ${day} AND status = 'waiting' AND class_id = ${classId}
      ORDER BY issued_at, sequence LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
    if (!row.rows[0]) throw new Error('nothing to call');
    await sql`UPDATE tickets SET status = 'called', called_at = ${now}, window_id = ${world.windowIds[i % world.windowIds.length]!}, call_count = 1 WHERE id = ${row.rows[0].id}`.execute(trx);
  });
}

async function drive(count: number, clients: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Displays as an EventSource is: one HTTP stream each, parsing `event: call` blocks. */
function connectDisplays(url: string, n: number, onCall: (number: string, at: number) => void): Promise<() => void> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: http.ClientRequest[] = [];
  return new Promise((resolve, reject) => {
    let ready = 0;
    for (let i = 0; i < n; i++) {
      const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
        let buffer = '';
        let counted = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.includes('event: board') && !counted) {
              counted = true;
              if (++ready === n)
                resolve(() => {
                  for (const r of requests) r.destroy();
                  agent.destroy();
                });
            } else if (block.includes('event: call')) {
              const data = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { number: string };
              onCall(data.number, performance.now());
            }
          }
        });
      });
      req.on('error', reject);
      requests.push(req);
    }
  });
}

async function fanOut(world: World, displays: number): Promise<{ p50: number; p99: number; samples: number }> {
  const app = await buildApp({ services: world.services, databaseKind: world.database.kind, version: 'bench' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const latencies: number[] = [];
  // Calls go one at a time, and the next only after every display heard this one: any call event
  // that arrives belongs to the call in flight.
  let t0 = 0;
  let arrived = 0;
  let wake: (() => void) | null = null;
  const close = await connectDisplays(`${address}/api/centers/${world.centerId}/board/stream`, displays, (_number, at) => {
    latencies.push(at - t0);
    if (++arrived === displays) wake?.();
  });
  for (let i = 0; i < callCount; i++) await world.services.hall.issueTicket({ actor: kiosk, idempotencyKey: randomUUID() }, { centerId: world.centerId, classCode: 'C' });
  await new Promise((r) => setTimeout(r, 200)); // the board refreshes after the kiosk burst
  for (let i = 0; i < callCount; i++) {
    arrived = 0;
    const done = new Promise<void>((resolve) => (wake = resolve));
    t0 = performance.now();
    const called = await world.services.hall.callNext({ actor: world.clerk, idempotencyKey: randomUUID() }, world.windowIds[i % world.windowIds.length]!);
    if (!called) throw new Error('nothing to call');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`call ${called.number}: ${arrived}/${displays} displays after 10 s`)), 10_000)))]);
    clearTimeout(timer);
    await new Promise((r) => setTimeout(r, 120)); // the board refresh that follows a call goes out between calls
  }
  close();
  await app.close();
  return { p50: median(latencies), p99: quantile(latencies, 0.99), samples: latencies.length };
}

interface Outcome {
  backend: string;
  a: number;
  b: number;
  one: { p50: number; p99: number; samples: number };
  many: { p50: number; p99: number; samples: number };
}

async function bench(kind: 'postgres' | 'pglite'): Promise<Outcome> {
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  console.log(`\n${label}: migrating and loading the demo…`);
  const world = await openWorld(kind);
  // The waiting queue is drained between sides: claim-next stays a fair comparison.
  const drain = () => world.database.db.updateTable('tickets').set({ status: 'done' }).where('status', 'in', ['waiting', 'called']).execute();
  const runsA: number[] = [];
  const runsB: number[] = [];
  const clients = kind === 'pglite' ? Math.min(concurrency, 2) : concurrency;
  await drive(20, clients, (i) => servicePair(world, i));
  await drive(20, clients, (i) => baselinePair(world, i));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const side of order) {
      await drain();
      const rate = await drive(pairs, clients, (i) => (side === 'A' ? servicePair(world, i) : baselinePair(world, i)));
      (side === 'A' ? runsA : runsB).push(rate);
      process.stdout.write(`  round ${r + 1}/${rounds} ${side === 'A' ? 'service ' : 'bare SQL'} ${rate.toFixed(0)} pairs/s\n`);
    }
  }
  await drain();
  const ones: { p50: number; p99: number; samples: number }[] = [];
  const manys: { p50: number; p99: number; samples: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 === 0 ? [1, manyDisplays] : [manyDisplays, 1]) {
      const result = await fanOut(world, n);
      (n === 1 ? ones : manys).push(result);
      process.stdout.write(`  round ${r + 1}/${rounds} ${String(n).padStart(3)} display(s): p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms (${result.samples} arrivals)\n`);
      await drain();
    }
  }
  await world.services.hallLive.stop();
  await world.database.close();
  const pick = (xs: { p50: number; p99: number; samples: number }[]) => ({ p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)), samples: xs.reduce((s, x) => s + x.samples, 0) });
  return { backend: label, a: median(runsA), b: median(runsB), one: pick(ones), many: pick(manys) };
}

const outcomes: Outcome[] = [];
if (!args['pglite-only']) outcomes.push(await bench('postgres'));
if (!args['pg-only']) outcomes.push(await bench('pglite'));

console.log('\nmedians of the rounds');
console.log(`backend      ticket+call: service   bare SQL   ratio | call → display p50 / p99: 1 display   ${`${manyDisplays} displays`.padEnd(14)} ratio p50 / p99`);
for (const o of outcomes) {
  console.log(
    `${o.backend.padEnd(12)} ${`${o.a.toFixed(0)} /s`.padStart(20)} ${`${o.b.toFixed(0)} /s`.padStart(10)} ${(o.a / o.b).toFixed(2).padStart(7)} | ` +
      `${`${o.one.p50.toFixed(1)} / ${o.one.p99.toFixed(1)} ms`.padStart(44)} ${`${o.many.p50.toFixed(1)} / ${o.many.p99.toFixed(1)} ms`.padStart(20)} ${`${(o.many.p50 / o.one.p50).toFixed(2)} / ${(o.many.p99 / o.one.p99).toFixed(2)}`.padStart(16)}`,
  );
}
process.exit(0);
