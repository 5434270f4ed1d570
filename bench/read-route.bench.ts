/**
 * Authenticated read route against its baselines, in one run, side by side.
 *
 *   node bench/read-route.bench.ts [--rounds 5] [--seconds 5] [--connections 10]
 *   DATABASE_URL=postgres://… node bench/read-route.bench.ts
 *
 * The server (bench/read-route.server.ts) runs in its own process so the load generator does not
 * share its event loop. Rounds alternate bare → raw SQL → OneWindow so drift hits all three alike;
 * we quote the median requests per second of each and their ratios.
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
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const server = spawn(process.execPath, [join(import.meta.dirname, 'read-route.server.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
let line = '';
for await (const chunk of server.stdout) {
  line += String(chunk);
  if (line.includes('\n')) break;
}
const target = JSON.parse(line.trim()) as { database: string; appUrl: string; bareUrl: string; rawUrl: string; cookie: string };

async function measure(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p50: number; p99: number }> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

console.log(`OneWindow read-route benchmark — database ${target.database}, ${rounds} rounds × ${seconds} s × ${connections} connections`);
console.log('GET /api/departments (signed in) vs the same SQL on a bare route vs a bare route answering from memory\n');
const runs = { bare: [] as number[], raw: [] as number[], app: [] as number[] };
const p99 = { bare: [] as number[], raw: [] as number[], app: [] as number[] };
// One short warm-up of each, not counted.
await autocannon({ url: `${target.bareUrl}/departments`, connections, duration: 1 });
await autocannon({ url: `${target.rawUrl}/departments`, connections, duration: 1, headers: { cookie: target.cookie } });
await autocannon({ url: `${target.appUrl}/api/departments`, connections, duration: 1, headers: { cookie: target.cookie } });
for (let round = 1; round <= rounds; round++) {
  const bare = await measure(`${target.bareUrl}/departments`);
  const raw = await measure(`${target.rawUrl}/departments`, { cookie: target.cookie });
  const app = await measure(`${target.appUrl}/api/departments`, { cookie: target.cookie });
  runs.bare.push(bare.rps);
  runs.raw.push(raw.rps);
  runs.app.push(app.rps);
  p99.bare.push(bare.p99);
  p99.raw.push(raw.p99);
  p99.app.push(app.p99);
  console.log(`  round ${round}/${rounds}: bare ${bare.rps.toFixed(0)} req/s · raw SQL ${raw.rps.toFixed(0)} req/s · OneWindow ${app.rps.toFixed(0)} req/s`);
}
const med = { bare: median(runs.bare), raw: median(runs.raw), app: median(runs.app) };
console.log('\nmedian req/s (p99 latency ms):');
console.log(`  bare route (memory)         ${med.bare.toFixed(0).padStart(7)} (${median(p99.bare)})`);
console.log(`  bare route + same raw SQL   ${med.raw.toFixed(0).padStart(7)} (${median(p99.raw)})`);
console.log(`  OneWindow /api/departments  ${med.app.toFixed(0).padStart(7)} (${median(p99.app)})`);
console.log(`\nratio OneWindow / raw SQL route: ${(med.app / med.raw).toFixed(2)}`);
console.log(`ratio OneWindow / bare route:    ${(med.app / med.bare).toFixed(2)}`);

server.kill('SIGTERM');
await once(server, 'exit');
