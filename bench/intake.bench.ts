/**
 * Case intake throughput (`CaseIntake.intake`, accept with one deferred material) against a
 * baseline that writes THE SAME ROWS with plain SQL, one transaction per intake, over the same
 * Kysely/pg pool (`database.db`). Both on PostgreSQL and on the embedded PGlite, side by side.
 *
 *   node bench/intake.bench.ts [--pg-only | --pglite-only] [--rounds 5] [--profile]
 *       [--pg-count 300] [--pg-concurrency 8] [--pglite-count 150] [--pglite-concurrency 2]
 *   DATABASE_URL=postgres://…/onewindow_bench node bench/intake.bench.ts
 *
 * PostgreSQL: the database named in DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/onewindow_bench) is DROPPED and created afresh; its name must
 * contain "bench" or "scratch". PGlite runs in memory, on this thread, behind a pool of one
 * connection: its concurrent clients queue.
 *
 * Each backend: migrate, load the demo, sign `frontdesk` in (the actor as the HTTP layer sees it),
 * register the applicants, then check once that A and B wrote equal rows. Rounds alternate the
 * order (A B, B A, …) so drift and table growth hit both alike; we quote median intakes/s of the
 * rounds and A / B. Statements per intake are counted at concurrency 1 (pg client round trips,
 * BEGIN and COMMIT included); `--profile` adds where they go and how long the locks are held.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { adminQuery, benchDatabaseUrl } from './scratch-database.ts';
import { CaseIntake } from '../src/services/cases/index.ts';
import { CaseProcess } from '../src/services/cases/process.ts';
import { CaseSteps } from '../src/services/cases/shared.ts';
import { CalendarService } from '../src/services/calendar.service.ts';
import { AuditRepository } from '../src/repositories/audit.repository.ts';
import { baselineIntake, planOf, rowsOf } from './support/intake-baseline.ts';
import { intakeRequest, openWorld, type World } from './support/intake-world.ts';
import { countStatements, drive, median, printProfile, type Phases } from './support/measuring.ts';

const { values: args } = parseArgs({
  options: {
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    'pg-count': { type: 'string', default: '300' },
    'pg-concurrency': { type: 'string', default: '8' },
    'pglite-count': { type: 'string', default: '150' },
    'pglite-concurrency': { type: 'string', default: '2' },
    applicants: { type: 'string', default: '100' },
    profile: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const applicantCount = Number(args.applicants);
const pgUrl = benchDatabaseUrl;

// ---- A: the service -----------------------------------------------------------------------------

async function serviceIntake(world: World, applicantId: string): Promise<string> {
  const { input, requestHash } = intakeRequest(applicantId, new Date());
  const view = await world.services.cases.intake.intake({ actor: world.actor, idempotencyKey: randomUUID(), requestHash }, input);
  return view.id;
}

// ---- profiling ----------------------------------------------------------------------------------

/** With --profile: where A's time goes, by service method. */
const serviceSections: [object, string, string[]][] = [
  [CaseIntake.prototype, 'cases', ['intake', 'intakeRegion', 'itemPlan', 'intakeItem', 'intakeBundle']],
  [CaseProcess.prototype, 'cases', ['checkLicenceMarks', 'acceptCase', 'openStage', 'stagesOf']],
  [CaseSteps.prototype, 'cases', ['facts', 'step', 'log', 'visit', 'viewIn', 'writtenViewOrRead']],
  [CalendarService.prototype, 'calendar', ['calendarFor', 'calendarForRegion']],
  [AuditRepository.prototype, 'audit', ['append', 'claimIdempotencyKey', 'completeIdempotencyKey']],
];

// ---- one backend --------------------------------------------------------------------------------

interface Outcome {
  backend: string;
  concurrency: number;
  a: number;
  b: number;
  aP50: number;
  bP50: number;
  statementsA: Phases;
  statementsB: Phases;
}

async function bench(kind: 'postgres' | 'pglite'): Promise<Outcome> {
  const count = Number(kind === 'postgres' ? args['pg-count'] : args['pglite-count']);
  const concurrency = Number(kind === 'postgres' ? args['pg-concurrency'] : args['pglite-concurrency']);
  const label = kind === 'postgres' ? `PostgreSQL (${new URL(pgUrl).pathname.slice(1)})` : 'PGlite (in memory)';
  console.log(`\n== ${label}: ${rounds} rounds × ${count} intakes per side, ${concurrency} concurrent clients`);
  const setupStart = performance.now();
  const world = await openWorld(kind, { pgUrl, applicantCount });
  const plan = await planOf(world);
  let nextA = 0;
  let nextB = 0;
  const applicant = (i: number) => world.applicantIds[i % world.applicantIds.length]!;
  const runA = () => serviceIntake(world, applicant(nextA++));
  const runB = () => baselineIntake(world, plan, applicant(nextB++));
  console.log(`  setup (migrate, demo, ${applicantCount} applicants): ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

  // The same rows, checked once on one applicant.
  const same = world.applicantIds[0]!;
  const idA = await serviceIntake(world, same);
  const idB = await baselineIntake(world, plan, same);
  assert.deepEqual(await rowsOf(world.database.db, idB), await rowsOf(world.database.db, idA), 'the baseline must write the rows the service writes');
  console.log('  rows check: B wrote the same rows as A (cases, case_actions, case_materials, case_notices, case_visits, case_tasks, audit_log, outbox, idempotency_keys)');

  // Warm-up, then statements per intake at concurrency 1.
  await drive(30, concurrency, runA);
  await drive(30, concurrency, runB);
  const statementsA = await countStatements(runA, 10, args.profile ? serviceSections : []);
  const statementsB = await countStatements(runB, 10);
  console.log(
    `  statements per intake: A ${statementsA.total.toFixed(1)} (${statementsA.before.toFixed(0)} reads before, ${statementsA.inTx.toFixed(0)} in the transaction, ${statementsA.after.toFixed(0)} reads after), B ${statementsB.total.toFixed(1)}`,
  );

  const runsA: number[] = [];
  const runsB: number[] = [];
  const p50A: number[] = [];
  const p50B: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? (['A', 'B'] as const) : (['B', 'A'] as const);
    const got: Record<'A' | 'B', { perSecond: number; p50: number; p95: number }> = {} as never;
    for (const side of order) got[side] = await drive(count, concurrency, side === 'A' ? runA : runB);
    runsA.push(got.A.perSecond);
    runsB.push(got.B.perSecond);
    p50A.push(got.A.p50);
    p50B.push(got.B.p50);
    console.log(
      `  round ${round}/${rounds} (${order.join(' then ')}): A service ${got.A.perSecond.toFixed(0).padStart(5)} intakes/s (p50 ${got.A.p50.toFixed(1)} ms) · B plain SQL ${got.B.perSecond.toFixed(0).padStart(5)} intakes/s (p50 ${got.B.p50.toFixed(1)} ms) · A/B ${(got.A.perSecond / got.B.perSecond).toFixed(2)}`,
    );
  }
  const outcome: Outcome = { backend: label, concurrency, a: median(runsA), b: median(runsB), aP50: median(p50A), bP50: median(p50B), statementsA, statementsB };
  console.log(`  median: A ${outcome.a.toFixed(0)} intakes/s, B ${outcome.b.toFixed(0)} intakes/s, A/B ${(outcome.a / outcome.b).toFixed(2)}`);
  if (args.profile) {
    printProfile('A service', statementsA);
    printProfile('B plain SQL', statementsB);
  }
  await world.database.close();
  return outcome;
}

const backends: ('postgres' | 'pglite')[] = args['pg-only'] ? ['postgres'] : args['pglite-only'] ? ['pglite'] : ['postgres', 'pglite'];
console.log('OneWindow intake benchmark — A: CaseIntake.intake (社会团体成立登记, accepted, one deferred material) vs B: the same rows in plain SQL, same pool');
const outcomes: Outcome[] = [];
for (const kind of backends) {
  if (kind === 'postgres') {
    try {
      await adminQuery(Object.assign(new URL(pgUrl), { pathname: '/postgres' }).toString(), 'SELECT 1');
    } catch (error) {
      if (args['pg-only']) throw error;
      console.log(`\n== PostgreSQL skipped: ${(error as Error).message} (set DATABASE_URL to a scratch database)`);
      continue;
    }
  }
  outcomes.push(await bench(kind));
}
console.log('\nmedians                        clients  A service (p50)        B plain SQL (p50)       A / B   statements A / B');
for (const o of outcomes) {
  const side = (perSecond: number, p50: number) => `${perSecond.toFixed(0).padStart(5)} /s (${p50.toFixed(1).padStart(5)} ms)`;
  console.log(`${o.backend.padEnd(30)} ${String(o.concurrency).padStart(7)}  ${side(o.a, o.aP50)}    ${side(o.b, o.bP50)}    ${(o.a / o.b).toFixed(2).padStart(5)}   ${o.statementsA.total.toFixed(0)} / ${o.statementsB.total.toFixed(0)}`);
}
console.log('target: A / B ≥ 0.4');
