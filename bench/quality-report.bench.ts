/**
 * 好差评 publication: the month's report must not slow as ratings pile up in other months. A month
 * (2026-10) holds N ratings (with the rectifications of its bad ones) and N/10 complaints; we time
 * `QualityReportService.report` for that month (the two grouped statements on the indexed
 * (region_path, given_at) / (region_path, received_at) ranges, plus the department names) and,
 * beside it, the raw SQL of the same two aggregates over the same pool. Then M more ratings and
 * complaints land in the other months of the year and both are timed again. Medians of the repeats;
 * what we quote: report(after) / report(before) (flat: about 1) and report / raw SQL.
 *
 *   node bench/quality-report.bench.ts [--pg-only | --pglite-only] [--month-rows 2000] [--other-rows 20000] [--repeats 40]
 *   DATABASE_URL=postgres://…/onewindow_bench node bench/quality-report.bench.ts
 *
 * PostgreSQL: the database named in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
 * onewindow_bench) is DROPPED and created afresh; its name must contain "bench" or "scratch".
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { benchDatabaseUrl, freshPostgres } from './scratch-database.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createServices, type Services } from '../src/main.ts';
import { loadDemo } from '../src/cli/demo.ts';
import type { Actor } from '../src/services/actor.ts';
import { insertCase, qualityBase, type QualityBase } from '../test/support/quality-rows.ts';

const { values: args } = parseArgs({
  options: {
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    'month-rows': { type: 'string', default: '2000' },
    'other-rows': { type: 'string', default: '20000' },
    repeats: { type: 'string', default: '40' },
  },
});
const monthRows = Number(args['month-rows']);
const otherRows = Number(args['other-rows']);
const repeats = Number(args.repeats);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

interface World {
  database: Database;
  services: Services;
  base: QualityBase;
  caseId: string;
  supervisor: Actor;
}

async function openWorld(kind: 'postgres' | 'pglite'): Promise<World> {
  if (kind === 'postgres') await freshPostgres(benchDatabaseUrl);
  const database = await createDatabase(kind === 'postgres' ? { databaseUrl: benchDatabaseUrl } : { dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const services = createServices(database, { now: () => new Date('2026-11-20T02:00:00Z') }, randomBytes(32));
  await loadDemo(services);
  const base = await qualityBase(database.db);
  const applicant = await database.db
    .insertInto('applicants')
    .values({ kind: 'organisation', name: '新泰市测评有限公司', uscc: '91370982MA00000001', created_at: new Date(), updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const theCase = await insertCase(database.db, {
    applicantId: applicant.id,
    applicantName: '新泰市测评有限公司',
    applicantRef: '91370982MA00000001',
    applicantPhone: '',
    departmentId: base.departments.mz,
    region: base.county,
    itemCode: '11370982MB28517X1000112001',
    itemName: '社会团体成立登记',
    status: 'concluded',
    receivedAt: new Date('2026-09-01T02:00:00Z'),
    concludedAt: new Date('2026-09-05T02:00:00Z'),
  });
  const supervisor: Actor = { kind: 'staff', id: null, name: 'bench supervisor', grants: [{ role: 'supervisor', departmentId: null, regionPath: base.county.path }] };
  return { database, services, base, caseId: theCase.id, supervisor };
}

/**
 * `n` ratings spread over [from, to) (every fifth one bad, every seventh anonymous, every eleventh
 * a default rating), across three departments and the county and a town; the bad ones get their
 * rectification; and n/10 complaints over the same span. One INSERT … SELECT each.
 */
async function seed(world: World, n: number, from: Date, to: Date, tag: string): Promise<void> {
  const { db } = world.database;
  const { base } = world;
  const span = (to.getTime() - from.getTime()) / 1000;
  const departments = [base.departments.mz, base.departments.ga, base.departments.scjg];
  const levels = ['very_satisfied', 'satisfied', 'basic', 'satisfied', 'very_dissatisfied', 'very_satisfied', 'satisfied', 'basic', 'satisfied', 'dissatisfied'];
  await sql`
    INSERT INTO ratings (subject_key, channel, source, form_id, case_id, level, anonymous, staff_id, department_id, region_code, region_path, center_id, given_at, change_until)
    SELECT ${`bench:${tag}:`} || g, 'online', CASE WHEN g % 11 = 0 THEN 'default' ELSE 'web' END, ${base.forms.online}, ${world.caseId},
      (${sql.val(levels)}::text[])[1 + g % 10], g % 7 = 0, ${base.clerk.id},
      (${sql.val(departments)}::uuid[])[1 + g % 3],
      CASE WHEN g % 4 = 0 THEN ${base.town.code} ELSE ${base.county.code} END,
      CASE WHEN g % 4 = 0 THEN ${base.town.path} ELSE ${base.county.path} END,
      ${base.centerId}, ${from}::timestamptz + ((g - 1) * ${span / n}::float8) * interval '1 second', ${from}::timestamptz + ((g - 1) * ${span / n}::float8) * interval '1 second' + interval '72 hours'
    FROM generate_series(1, ${n}) AS g`.execute(db);
  await sql`
    INSERT INTO rating_rectifications (rating_id, department_id, region_code, region_path, state, report_due, rectify_due, reported_at, revisited_at, closed_at, created_at, updated_at)
    SELECT r.id, r.department_id, r.region_code, r.region_path, 'closed', (r.given_at + interval '7 days')::date, (r.given_at + interval '21 days')::date,
      r.given_at + interval '10 days' + (CASE WHEN r.subject_key LIKE '%3' THEN interval '20 days' ELSE interval '0 days' END),
      CASE WHEN NOT r.anonymous THEN r.given_at + interval '12 days' END, r.given_at + interval '30 days', r.given_at, r.given_at
    FROM ratings r WHERE r.subject_key LIKE ${`bench:${tag}:%`} AND r.level IN ('dissatisfied', 'very_dissatisfied')`.execute(db);
  const categories = ['consultation', 'help', 'complaint', 'report'];
  await sql`
    INSERT INTO complaints (complaint_no, source, category, urgent, state, subject, content, region_code, region_path, department_id, received_at, due_at, step_started_at, closed_at, updated_at)
    SELECT ${`B${tag}`} || g, 'hall', (${sql.val(categories)}::text[])[1 + g % 4], g % 9 = 0, CASE WHEN g % 6 = 0 THEN 'handling' ELSE 'closed' END, '办事体验', '反映情况',
      ${base.county.code}, ${base.county.path}, (${sql.val(departments)}::uuid[])[1 + g % 3],
      ${from}::timestamptz + ((g - 1) * ${(span * 10) / n}::float8) * interval '1 second', ${from}::timestamptz + ((g - 1) * ${(span * 10) / n}::float8) * interval '1 second' + interval '5 days',
      ${from}::timestamptz + ((g - 1) * ${(span * 10) / n}::float8) * interval '1 second',
      CASE WHEN g % 6 = 0 THEN NULL ELSE ${from}::timestamptz + ((g - 1) * ${(span * 10) / n}::float8) * interval '1 second' + (g % 8) * interval '1 day' END,
      ${from}::timestamptz
    FROM generate_series(1, ${Math.max(1, Math.floor(n / 10))}) AS g`.execute(db);
  // A steady state, as a month's report meets it: statistics current, visibility map set (no autovacuum mid-measure).
  await sql`VACUUM ANALYZE ratings`.execute(db);
  await sql`VACUUM ANALYZE rating_rectifications`.execute(db);
  await sql`VACUUM ANALYZE complaints`.execute(db);
}

/** The same two aggregates the repository runs, in plain SQL over the same pool (no service, no names, no mapping). */
async function rawAggregate(world: World, paths: readonly string[], form: 'any' | 'like'): Promise<number> {
  const { db } = world.database;
  const path = world.base.county.path;
  const like = `${path}.%`;
  const inRatings = form === 'any' ? sql`r.region_path = ANY(${paths}::text[])` : sql`(r.region_path = ${path} OR r.region_path LIKE ${like})`;
  const inComplaints = form === 'any' ? sql`c.region_path = ANY(${paths}::text[])` : sql`(c.region_path = ${path} OR c.region_path LIKE ${like})`;
  const from = new Date('2026-10-01T00:00:00+08:00');
  const to = new Date('2026-11-01T00:00:00+08:00');
  const ratings = await sql<{ department_id: string }>`
    SELECT r.department_id, count(*) FILTER (WHERE NOT r.excluded AND r.level = 'very_satisfied') AS a, count(*) FILTER (WHERE NOT r.excluded AND r.level = 'satisfied') AS b,
      count(*) FILTER (WHERE NOT r.excluded AND r.level = 'basic') AS c, count(*) FILTER (WHERE NOT r.excluded AND r.level = 'dissatisfied') AS d,
      count(*) FILTER (WHERE NOT r.excluded AND r.level = 'very_dissatisfied') AS e, count(*) FILTER (WHERE r.excluded) AS f, count(*) FILTER (WHERE r.source = 'default') AS g,
      count(*) FILTER (WHERE NOT r.anonymous AND r.level IN ('dissatisfied', 'very_dissatisfied')) AS h, count(*) FILTER (WHERE x.revisited_at IS NOT NULL) AS i,
      count(x.id) AS j, count(*) FILTER (WHERE x.state = 'closed') AS k,
      count(*) FILTER (WHERE coalesce(x.reported_at, x.closed_at) < ((x.rectify_due + 1)::text || 'T00:00:00+08:00')::timestamptz) AS l,
      count(*) FILTER (WHERE coalesce(x.reported_at, x.closed_at) >= ((x.rectify_due + 1)::text || 'T00:00:00+08:00')::timestamptz) AS m
    FROM ratings r
      LEFT JOIN LATERAL (SELECT * FROM rating_rectifications x1 WHERE x1.rating_id = r.id AND r.level IN ('dissatisfied', 'very_dissatisfied') LIMIT 1) x ON true
    WHERE ${inRatings} AND r.given_at >= ${from} AND r.given_at < ${to}
    GROUP BY r.department_id`.execute(db);
  const complaints = await sql`
    SELECT c.department_id, count(*), count(*) FILTER (WHERE c.category = 'consultation'), count(*) FILTER (WHERE c.category = 'help'), count(*) FILTER (WHERE c.category = 'complaint'),
      count(*) FILTER (WHERE c.category = 'report'), count(*) FILTER (WHERE c.urgent), count(*) FILTER (WHERE c.closed_at IS NOT NULL), count(*) FILTER (WHERE c.closed_at <= c.due_at),
      count(*) FILTER (WHERE c.closed_at IS NULL AND c.due_at < now())
    FROM complaints c WHERE ${inComplaints} AND c.received_at >= ${from} AND c.received_at < ${to}
    GROUP BY c.department_id`.execute(db);
  return ratings.rows.length + complaints.rows.length;
}

async function time(repeat: number, work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) await work();
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

interface Figures {
  report: number;
  raw: number;
  like: number;
  ratingsInMonth: number;
}

async function measure(world: World): Promise<Figures> {
  let ratingsInMonth = 0;
  const paths = await world.database.db
    .selectFrom('regions')
    .select('path')
    .where((eb) => eb.or([eb('path', '=', world.base.county.path), eb('path', 'like', `${world.base.county.path}.%`)]))
    .execute();
  const subtree = paths.map((p) => p.path);
  // Alternate the three so drift (a checkpoint, another process) falls on each.
  const samples = { report: [] as number[], raw: [] as number[], like: [] as number[] };
  for (let round = 0; round < 4; round++) {
    samples.report.push(
      await time(Math.ceil(repeats / 4), async () => {
        ratingsInMonth = (await world.services.qualityReports.report(world.supervisor, '370982', '2026-10')).totals.total;
      }),
    );
    samples.raw.push(await time(Math.ceil(repeats / 4), () => rawAggregate(world, subtree, 'any')));
    samples.like.push(await time(Math.ceil(repeats / 4), () => rawAggregate(world, subtree, 'like')));
  }
  return { report: median(samples.report), raw: median(samples.raw), like: median(samples.like), ratingsInMonth };
}

async function run(kind: 'postgres' | 'pglite'): Promise<void> {
  const world = await openWorld(kind);
  try {
    await seed(world, monthRows, new Date('2026-10-01T00:00:00+08:00'), new Date('2026-11-01T00:00:00+08:00'), 'm');
    const before = await measure(world);
    // The rest of the year: January to September and November to December, M more ratings.
    await seed(world, Math.floor((otherRows * 9) / 11), new Date('2026-01-01T00:00:00+08:00'), new Date('2026-10-01T00:00:00+08:00'), 'a');
    await seed(world, otherRows - Math.floor((otherRows * 9) / 11), new Date('2026-11-01T00:00:00+08:00'), new Date('2027-01-01T00:00:00+08:00'), 'b');
    const total = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ratings`.execute(world.database.db)).rows[0]!.n);
    const after = await measure(world);
    if (after.ratingsInMonth !== before.ratingsInMonth) throw new Error(`the month's count changed: ${before.ratingsInMonth} → ${after.ratingsInMonth}`);
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`\n${kind}: month 2026-10 holds ${before.ratingsInMonth} counted ratings (of ${monthRows}); the table ${monthRows} → ${total} ratings`);
    console.log('| | report (service) | raw SQL, same aggregates | report / raw | naive subtree LIKE (raw) |');
    console.log('|---|---|---|---|---|');
    console.log(`| ${monthRows} ratings in all | ${ms(before.report)} | ${ms(before.raw)} | ${(before.report / before.raw).toFixed(2)} | ${ms(before.like)} |`);
    console.log(`| ${total} ratings in all | ${ms(after.report)} | ${ms(after.raw)} | ${(after.report / after.raw).toFixed(2)} | ${ms(after.like)} |`);
    console.log(`| after / before | **${(after.report / before.report).toFixed(2)}** | ${(after.raw / before.raw).toFixed(2)} | | ${(after.like / before.like).toFixed(2)} |`);
  } finally {
    await world.database.close();
  }
}

if (!args['pglite-only']) await run('postgres');
if (!args['pg-only']) await run('pglite');
