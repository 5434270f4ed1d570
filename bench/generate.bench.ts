/**
 * The scale generator against PostgreSQL's own COPY of the same rows (issue 16).
 *
 * A: `generateHistory` writes N cases (applicants, cases, actions, visits, tasks, materials, notices,
 * ratings) into a scratch database holding the demo organisation; timed from its first applicant to
 * its last case batch (choosing, building the COPY text, sealing and fingerprinting the resident IDs,
 * COPY), i.e. the generator's `loadSeconds`. Its catalog clone, counters and rollups are reported
 * beside it but not in the rate.
 * B: the same rows, dumped from A with COPY … TO STDOUT into memory, are COPYed FROM STDIN into a
 * second copy of the same empty database (the generated regions, departments and items first,
 * untimed), one transaction, same tables, same indexes. Rounds alternate; medians; the ratio is
 * A rows/s ÷ B rows/s.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/onewindow_bench node bench/generate.bench.ts [--cases 100000] [--rounds 3] [--quick]
 *
 * It drops and recreates its databases: the name must contain `bench` or `scratch`.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { generateHistory } from '../src/cli/generate.ts';
import { loadDemo } from '../src/cli/demo.ts';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createServices } from '../src/main.ts';
import { createIdProtector } from '../src/services/id-protection.ts';
import { adminQuery, benchDatabaseUrl, freshPostgres } from './scratch-database.ts';
import { median } from './support/measuring.ts';

const { values } = parseArgs({ options: { cases: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean' }, to: { type: 'string' } } });
const cases = Number(values.cases ?? (values.quick ? 5_000 : 100_000));
const rounds = Number(values.rounds ?? 3);
const to = values.to ?? '2026-12-07';

const base = new URL(benchDatabaseUrl);
const baseName = decodeURIComponent(base.pathname.slice(1));
const named = (suffix: string) => {
  const u = new URL(base);
  u.pathname = `/${baseName}_${suffix}`;
  return u.toString();
};
const adminUrl = (() => {
  const u = new URL(base);
  u.pathname = '/postgres';
  return u.toString();
})();

/** The rows the generator adds to the organisation (untimed in B), and the rows it times (A and B). */
const organisation: [string, string][] = [
  ['regions', "SELECT * FROM regions WHERE NOT (code IN ('370000', '370900') OR code LIKE '370982%')"],
  ['departments', "SELECT * FROM departments WHERE region_code NOT LIKE '370982%'"],
  ['service_items', "SELECT * FROM service_items WHERE implementation_code NOT LIKE '370982-%'"],
  ['service_item_versions', "SELECT * FROM service_item_versions WHERE created_by = 'generator'"],
];
const generated = ['applicants', 'cases', 'case_actions', 'case_visits', 'case_tasks', 'case_materials', 'case_notices', 'ratings'];

async function dump(client: pg.Client, select: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function load(client: pg.Client, table: string, data: Buffer): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function main(): Promise<void> {
  const template = named('empty');
  const generatedDb = named('generated');
  const copiedDb = named('copied');
  // The empty template: migrated, the demo organisation and catalog, no cases.
  await freshPostgres(template);
  const key = randomBytes(32);
  {
    const database = await createDatabase({ databaseUrl: template, poolSize: 2 });
    await migrateToLatest(database.db);
    await loadDemo(createServices(database, undefined, key));
    await database.close();
  }
  const fromTemplate = async (url: string) => {
    const name = new URL(url).pathname.slice(1);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${new URL(template).pathname.slice(1)}`);
  };
  const ids = createIdProtector(key);

  const aRates: number[] = [];
  const bRates: number[] = [];
  const totals: number[] = [];
  let rows = 0;
  console.log(`Generator vs COPY: ${cases.toLocaleString('en')} cases, ${rounds} rounds, PostgreSQL ${baseName}_*`);
  for (let round = 0; round < rounds; round++) {
    const runA = async () => {
      await fromTemplate(generatedDb);
      const database = await createDatabase({ databaseUrl: generatedDb, poolSize: 2 });
      try {
        const summary = await generateHistory(database, ids, { cases, seed: 16, to });
        rows = summary.rows;
        aRates.push(summary.rows / summary.loadSeconds);
        totals.push(summary.seconds);
        console.log(
          `  round ${round + 1} A generator: ${summary.rows.toLocaleString('en')} rows in ${summary.loadSeconds.toFixed(2)} s = ${Math.round(summary.rows / summary.loadSeconds).toLocaleString('en')} rows/s (COPY ${summary.copySeconds.toFixed(2)} s of it; ${summary.seconds.toFixed(1)} s with catalog, counters, rollups)`,
        );
      } finally {
        await database.close();
      }
    };
    const runB = async () => {
      // The rows A wrote, in memory (A of this round or the last must have run).
      const source = await connect(generatedDb);
      const orgData: [string, Buffer][] = [];
      const data: [string, Buffer][] = [];
      try {
        for (const [table, select] of organisation) orgData.push([table, await dump(source, select)]);
        for (const table of generated) data.push([table, await dump(source, `SELECT * FROM ${table}`)]);
      } finally {
        await source.end();
      }
      await fromTemplate(copiedDb);
      const target = await connect(copiedDb);
      try {
        for (const [table, buffer] of orgData) await load(target, table, buffer);
        const started = performance.now();
        await target.query('BEGIN');
        for (const [table, buffer] of data) await load(target, table, buffer);
        await target.query('COMMIT');
        const seconds = (performance.now() - started) / 1000;
        const [{ n }] = (await target.query<{ n: string }>('SELECT (SELECT count(*) FROM cases) AS n')).rows as [{ n: string }];
        if (Number(n) !== cases) throw new Error(`B copied ${n} cases, not ${cases}`);
        bRates.push(rows / seconds);
        console.log(`  round ${round + 1} B COPY:      ${rows.toLocaleString('en')} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s`);
      } finally {
        await target.end();
      }
    };
    // B needs A's rows: A first in the first round; afterwards the order alternates (B then copies the previous round's, the same rows).
    if (round % 2 === 0) {
      await runA();
      await runB();
    } else {
      await runB();
      await runA();
    }
  }
  const a = median(aRates);
  const b = median(bRates);
  console.log(`\nmedian: generator ${Math.round(a).toLocaleString('en')} rows/s, COPY ${Math.round(b).toLocaleString('en')} rows/s, generator / COPY = ${(a / b).toFixed(2)}; whole run ${median(totals).toFixed(1)} s`);
  for (const suffix of ['generated', 'copied', 'empty']) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${baseName}_${suffix} WITH (FORCE)`);
}

await main();
