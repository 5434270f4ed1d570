/**
 * Supervision at scale (issue 16 §5): every dashboard query and the staff case search, timed on a
 * small and on a large generated province, side by side with the raw SQL of the same rollup read.
 * The dashboards read rollups (0025) and the search reads indexes, so the large/small ratio must
 * stay within 1.5 (dashboards) and 2 (search). Medians of the repeats after a warm-up.
 *
 *   # two databases generated beforehand (see bench/README.md), then:
 *   node bench/supervision.bench.ts --small postgres://…/onewindow_scratch_10k --large postgres://…/onewindow_scratch_10m
 *   # or, in seconds, two scratch databases generated here (2,000 and 20,000 cases):
 *   node bench/supervision.bench.ts --quick
 *
 * The databases must have been generated with the data key this process reads
 * (ONEWINDOW_DATA_KEY, else DATA_DIR/onewindow.key), or the ID-number search finds nothing.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadDemo } from '../src/cli/demo.ts';
import { generateHistory } from '../src/cli/generate.ts';
import { chinaDate } from '../src/domain/china-time.ts';
import { configFromEnv, openOneWindow, type OneWindow } from '../src/main.ts';
import type { Actor } from '../src/services/actor.ts';
import { createIdProtector, loadDataKey } from '../src/services/id-protection.ts';
import { benchDatabaseUrl, freshPostgres } from './scratch-database.ts';
import { median } from './support/measuring.ts';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string' },
    large: { type: 'string' },
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    to: { type: 'string', default: '2026-12-07' },
  },
});
const repeats = Number(args.repeats ?? (args.quick ? 5 : 30));
const to = args.to!;
const month = to.slice(0, 7);
const yearAgo = `${Number(month.slice(0, 4)) - 1}-${month.slice(5)}`;

/** A supervisor of the whole province: the widest read there is. */
const province: Actor = { kind: 'staff', id: '00000000-0000-4000-8000-000000000000', name: 'bench', displayName: '督查(基准)', grants: [{ role: 'supervisor', regionPath: '370000', departmentId: null }] } as Actor;

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function open(url: string): Promise<OneWindow> {
  return openOneWindow({ ...configFromEnv({ ...process.env, DATABASE_URL: url }) });
}

/** Two scratch databases with `small` and `large` generated cases (the quick mode). */
async function generateBoth(small: number, large: number): Promise<[string, string]> {
  const urls: string[] = [];
  for (const [count, suffix] of [
    [small, 'sup_small'],
    [large, 'sup_large'],
  ] as const) {
    const url = withDatabaseName(benchDatabaseUrl, `onewindow_bench_${suffix}`);
    await freshPostgres(url);
    const oneWindow = await open(url);
    try {
      await loadDemo(oneWindow.services, () => {});
      const config = configFromEnv(process.env);
      const ids = createIdProtector(loadDataKey({ envKey: config.dataKey, dataDir: config.dataDir }));
      await generateHistory(oneWindow.database, ids, { cases: count, seed: 20_261_216, to });
    } finally {
      await oneWindow.close();
    }
    urls.push(url);
  }
  return [urls[0]!, urls[1]!];
}

interface Probe {
  name: string;
  /** The query as the dashboard runs it (service: scope, fold, rollup reads, shaping). */
  run(o: OneWindow): Promise<unknown>;
  /** The raw SQL of its main rollup read, for the side-by-side baseline (none for the search). */
  raw?: (o: OneWindow) => Promise<unknown>;
}

async function searchKeys(o: OneWindow): Promise<{ caseNo: string; idNumber: string; phone: string }> {
  const config = configFromEnv(process.env);
  const ids = createIdProtector(loadDataKey({ envKey: config.dataKey, dataDir: config.dataDir }));
  // A case in the middle of the generated history: no cache helps it more than any other.
  const row = await sql<{ case_no: string; id_sealed: string; applicant_phone: string }>`
    SELECT c.case_no, a.id_sealed, c.applicant_phone FROM cases c JOIN applicants a ON a.id = c.applicant_id
    WHERE a.kind = 'person' AND a.id_sealed IS NOT NULL ORDER BY c.id LIMIT 1 OFFSET 10`.execute(o.database.db);
  const r = row.rows[0]!;
  return { caseNo: r.case_no, idNumber: ids.open(r.id_sealed), phone: r.applicant_phone };
}

function probes(keys: { caseNo: string; idNumber: string; phone: string }): Probe[] {
  const sums = sql.raw('sum(received), sum(concluded), sum(on_time), sum(zero_visit), sum(at_most_one_visit), sum(instant), sum(working_days), sum(timed)');
  const rawStats =
    (region: string, dim: string, from: string, toMonth: string, children = false) =>
    (o: OneWindow) =>
      sql`SELECT ${children ? sql.raw('region_path') : sql.raw('dim_key')}, ${sums} FROM supervision_stats
        WHERE ${children ? sql`parent_path = ${region}` : sql`region_path = ${region}`} AND dim = ${dim} AND month BETWEEN ${`${from}-01`}::date AND ${`${toMonth}-01`}::date
        GROUP BY 1`.execute(o.database.db);
  return [
    { name: 'overview: province, 12 months', run: (o) => o.services.supervision.overview(province, { region: '370000', from: yearAgo, to: month }), raw: rawStats('370000', 'all', yearAgo, month) },
    { name: 'overview: county, 1 month', run: (o) => o.services.supervision.overview(province, { region: '370982', from: month, to: month }), raw: rawStats('370000.370900.370982', 'all', month, month) },
    { name: 'by region: province → cities', run: (o) => o.services.supervision.breakdown(province, { region: '370000', from: yearAgo, to: month, by: 'region' }), raw: rawStats('370000', 'all', yearAgo, month, true) },
    { name: 'by region: county → towns', run: (o) => o.services.supervision.breakdown(province, { region: '370982', from: yearAgo, to: month, by: 'region' }), raw: rawStats('370000.370900.370982', 'all', yearAgo, month, true) },
    { name: 'by department: county', run: (o) => o.services.supervision.breakdown(province, { region: '370982', from: yearAgo, to: month, by: 'department' }), raw: rawStats('370000.370900.370982', 'department', yearAgo, month) },
    { name: 'by item: province', run: (o) => o.services.supervision.breakdown(province, { region: '370000', from: yearAgo, to: month, by: 'item' }), raw: rawStats('370000', 'item', yearAgo, month) },
    { name: 'causes of extra trips: province', run: (o) => o.services.supervision.breakdown(province, { region: '370000', from: yearAgo, to: month, by: 'cause' }), raw: rawStats('370000', 'cause', yearAgo, month) },
    { name: 'cases behind red: county (first page)', run: (o) => o.services.supervision.cases(province, { region: '370982', from: month, to: month, figure: 'red' }) },
    { name: 'search: case number', run: (o) => o.services.cases.queries.search(province, { caseNo: keys.caseNo }) },
    { name: 'search: resident ID (fingerprint)', run: (o) => o.services.cases.queries.search(province, { idNumber: keys.idNumber, limit: 20 }) },
    { name: 'search: phone', run: (o) => o.services.cases.queries.search(province, { phone: keys.phone, limit: 20 }) },
  ];
}

async function time(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function measure(url: string): Promise<{ cases: number; results: Map<string, { ms: number; raw: number | null }> }> {
  const o = await open(url);
  try {
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM cases`.execute(o.database.db);
    const results = new Map<string, { ms: number; raw: number | null }>();
    for (const probe of probes(await searchKeys(o))) {
      const ms = await time(() => probe.run(o));
      const raw = probe.raw ? await time(() => probe.raw!(o)) : null;
      results.set(probe.name, { ms, raw });
    }
    return { cases: Number(count.rows[0]!.n), results };
  } finally {
    await o.close();
  }
}

const [smallUrl, largeUrl] = args.quick ? await generateBoth(2_000, 20_000) : [args.small, args.large];
if (!smallUrl || !largeUrl) throw new Error('give --small and --large database URLs, or --quick');
console.log(`supervision bench, ${new Date().toISOString()} (China day ${chinaDate(new Date())}), medians of ${repeats}`);
const small = await measure(smallUrl);
const large = await measure(largeUrl);
const limitOf = (name: string) => (name.startsWith('search') ? 2 : 1.5);
console.log(`\n${'query'.padEnd(40)} ${`${small.cases.toLocaleString('en')} cases`.padStart(14)} ${`${large.cases.toLocaleString('en')} cases`.padStart(16)}  ratio  limit   raw SQL small → large`);
let over = 0;
for (const [name, s] of small.results) {
  const l = large.results.get(name)!;
  const ratio = l.ms / s.ms;
  if (ratio > limitOf(name)) over++;
  const raw = s.raw === null ? '' : `${s.raw.toFixed(2)} → ${l.raw!.toFixed(2)} ms (${(l.raw! / s.raw).toFixed(2)}×)`;
  console.log(`${name.padEnd(40)} ${`${s.ms.toFixed(2)} ms`.padStart(14)} ${`${l.ms.toFixed(2)} ms`.padStart(16)}  ${ratio.toFixed(2).padStart(5)}  ${`≤${limitOf(name)}`.padStart(5)}   ${raw}`);
}
console.log(over === 0 ? '\nevery query within its limit' : `\n${over} queries over their limit`);
