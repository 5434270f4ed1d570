/**
 * The long fuzz run: the generator of test/openapi.fuzz.test.ts (every operation of the OpenAPI
 * document, valid and hostile requests, signed out, with bogus credentials, as an administrator,
 * a front-desk clerk, a civil-affairs reviewer and an API key) for 100,000 requests per backend.
 * Prints progress, then requests per operation (with their mean time), the status histogram,
 * 4xx by error code, requests per second, and every answer of 500 or more, every 4xx without the
 * bilingual error body and every error the server logged (a database refusal is a missing
 * check). Exits 1 if there is any.
 *
 *   node bench/fuzz.bench.ts [--quick] [--requests 100000] [--seed 20261123] [--pg-only | --pglite-only]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/onewindow_bench node bench/fuzz.bench.ts --pg-only
 *
 * --quick sends 5,000. PostgreSQL: the database named in DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/onewindow_bench) is DROPPED and created afresh; its name must
 * contain "bench" or "scratch". PGlite runs in memory.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { benchDatabaseUrl, freshPostgres } from './scratch-database.ts';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createServices } from '../src/main.ts';
import { loadDemo } from '../src/cli/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { FakeClock } from '../test/support/context.ts';
import { formatReport, Fuzzer, operationsOf } from '../test/support/openapi-fuzz.ts';
import { fuzzSkips, prepareFuzzTarget } from '../test/support/fuzz-world.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    seed: { type: 'string', default: '20261123' },
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
  },
});
const requests = Number(args.requests ?? (args.quick ? 5_000 : 100_000));
const seed = Number(args.seed);

interface LogLine {
  msg: string;
  err?: { message?: string };
}

const describeLogLine = (line: LogLine) => `${line.msg}: ${line.err?.message ?? ''}`;

async function fuzz(kind: 'postgres' | 'pglite'): Promise<boolean> {
  console.log(`\n${kind}: migrating and loading the demo…`);
  if (kind === 'postgres') await freshPostgres(benchDatabaseUrl);
  const database = await createDatabase(kind === 'postgres' ? { databaseUrl: benchDatabaseUrl } : { dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const services = createServices(database, new FakeClock(), randomBytes(32));
  await loadDemo(services);
  const logged: string[] = [];
  const app = await buildApp({
    services,
    databaseKind: database.kind,
    version: 'fuzz',
    logger: { level: 'error', stream: { write: (line: string) => logged.push(describeLogLine(JSON.parse(line) as LogLine)) } },
  });
  const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const operations = operationsOf(document, fuzzSkips);
  const { target, records, answers } = await prepareFuzzTarget(app, services);
  console.log(`${kind}: ${operations.length} operations (skipped: ${Object.keys(fuzzSkips).join(', ')}); records made: ${records.join('; ')}`);
  const fuzzer = new Fuzzer({ ...target, errorsLogged: logged }, operations, seed);
  for (const answer of answers) fuzzer.learn(answer.path, answer.body);
  await fuzzer.warmUp();
  const started = performance.now();
  let last = started;
  let lastDone = 0;
  await fuzzer.run(requests, (done) => {
    const now = performance.now();
    if (done === requests || now - last > 15_000) {
      const report = fuzzer.report;
      const fivexx = [...report.statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
      console.log(
        `${kind}: ${done.toLocaleString('en')} / ${requests.toLocaleString('en')}  ${((done - lastDone) / ((now - last) / 1000)).toFixed(0)} requests/s now, ` +
          `${(done / ((now - started) / 1000)).toFixed(0)} overall; 5xx ${fivexx}, bad 4xx bodies ${report.badShapes.length}, errors logged ${logged.length}, ids remembered ${fuzzer.remembered}`,
      );
      last = now;
      lastDone = done;
    }
  });
  const report = fuzzer.report;
  console.log(`\n${kind}: ${formatReport(report, operations, { perOperation: true })}`);
  const messages = new Map<string, number>();
  for (const line of logged) messages.set(line, (messages.get(line) ?? 0) + 1);
  console.log(`${kind}: errors logged by the server: ${logged.length}${[...messages].map(([message, n]) => `\n  ${n}× ${message}`).join('')}`);
  await app.close();
  await services.hallLive.stop();
  await database.close();
  return report.failures.length === 0 && report.badShapes.length === 0 && logged.length === 0;
}

let clean = true;
if (!args['pglite-only']) clean = (await fuzz('postgres')) && clean;
if (!args['pg-only']) clean = (await fuzz('pglite')) && clean;
console.log(clean ? '\nno 5xx, every 4xx bilingual, nothing logged as an error' : '\nFAILURES: see above');
process.exit(clean ? 0 : 1);
