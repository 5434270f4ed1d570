/**
 * The public e-licence verify route against a bare route in the same benchmark, on PostgreSQL.
 *
 *   DATABASE_URL=postgres://… node bench/verify-route.bench.ts [--rounds 5] [--seconds 5] [--connections 10] [--licences 50]
 *
 * The server (bench/verify-route.server.ts) runs in its own process. autocannon requests the
 * licences in turn (`GET /api/licences/<id>/verify`: rate-limit counter in memory, the licence row
 * from memory once verified (dropped when migration 0014's triggers announce a change), the SM2
 * result from its cache). Baselines, side by side: a bare route answering the same JSON from
 * memory, and a bare route running the licence row's SQL raw before answering it. Rounds
 * alternate; we quote the medians and their ratios. The route must hold 1,000 requests per second
 * (issue 11); the exit code says whether it did.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    licences: { type: 'string', default: '50' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const required = 1000;

console.log(`issuing ${values.licences} e-licences…`);
const server = spawn(process.execPath, [join(import.meta.dirname, 'verify-route.server.ts'), values.licences!], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
let line = '';
for await (const chunk of server.stdout) {
  line += String(chunk);
  if (line.includes('\n')) break;
}
const target = JSON.parse(line.trim()) as { database: string; appUrl: string; bareUrl: string; identifiers: string[] };

async function measure(base: string, path: (id: string) => string, duration = seconds): Promise<{ rps: number; p99: number }> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [{ setupRequest: (request) => ({ ...request, path: path(target.identifiers[next++ % target.identifiers.length]!) }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${base}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const appPath = (id: string) => `/api/licences/${id}/verify`;
const barePath = (id: string) => `/verify/${id}`;
const sqlPath = (id: string) => `/verify-sql/${id}`;
console.log(`OneWindow verify-route benchmark — database ${target.database}, ${target.identifiers.length} licences, ${rounds} rounds × ${seconds} s × ${connections} connections`);
console.log("GET /api/licences/<id>/verify vs bare routes answering the same JSON: from memory, and after the licence row's SQL\n");
await measure(target.bareUrl, barePath, 1);
await measure(target.bareUrl, sqlPath, 1);
await measure(target.appUrl, appPath, 1);
const runs = { bare: [] as number[], sql: [] as number[], app: [] as number[] };
const p99 = { bare: [] as number[], sql: [] as number[], app: [] as number[] };
for (let round = 1; round <= rounds; round++) {
  const bare = await measure(target.bareUrl, barePath);
  const raw = await measure(target.bareUrl, sqlPath);
  const app = await measure(target.appUrl, appPath);
  runs.bare.push(bare.rps);
  runs.sql.push(raw.rps);
  runs.app.push(app.rps);
  p99.bare.push(bare.p99);
  p99.sql.push(raw.p99);
  p99.app.push(app.p99);
  console.log(`  round ${round}/${rounds}: bare ${bare.rps.toFixed(0)} · bare + SQL ${raw.rps.toFixed(0)} · OneWindow verify ${app.rps.toFixed(0)} req/s`);
}
const med = { bare: median(runs.bare), sql: median(runs.sql), app: median(runs.app) };
console.log('\nmedian req/s (p99 latency ms):');
console.log(`  bare route (memory)     ${med.bare.toFixed(0).padStart(7)} (${median(p99.bare)})`);
console.log(`  bare route + row SQL    ${med.sql.toFixed(0).padStart(7)} (${median(p99.sql)})`);
console.log(`  OneWindow verify route  ${med.app.toFixed(0).padStart(7)} (${median(p99.app)})`);
console.log(`\nratios: OneWindow verify / bare + SQL ${(med.app / med.sql).toFixed(2)} · OneWindow verify / bare ${(med.app / med.bare).toFixed(2)}`);
const ok = med.app >= required;
console.log(ok ? `holds ${required} req/s` : `does NOT hold ${required} req/s`);
if (!ok) process.exitCode = 1;

server.kill('SIGTERM');
await once(server, 'exit');
