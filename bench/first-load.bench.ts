/**
 * First load: the JavaScript a browser fetches before each entry page is usable, as sent over the
 * wire (compressed when the server compresses) and as unpacked, in Debian's Chromium.
 *
 *   npm run build && node bench/first-load.bench.ts [--port 8399]
 *
 * Starts `onewindow serve --demo --no-history` on a fresh embedded database, opens each page in a new browser
 * context (empty cache), waits until the network is idle and sums the scripts the page fetched
 * (Resource Timing: encodedBodySize is what crossed the wire, decodedBodySize what was unpacked).
 * Then it loads the staff home once more in the same context to show the cache at work: hashed
 * files are served `immutable`, so the second visit fetches no script at all. Target: the initial
 * JavaScript of the staff app and of the public pages each under 400 KB compressed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BrowserContext, chromium } from '@playwright/test';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8399' } } });
const port = Number(values.port);
const origin = `http://127.0.0.1:${port}`;
const repoRoot = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-first-load-'));

const server = spawn(process.execPath, [join(repoRoot, 'src', 'main.ts'), 'serve', '--demo', '--no-history', '--port', String(port)], {
  cwd: repoRoot,
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => {
  server.kill();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', stop);

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('server did not start within 180 s');
}

interface Load {
  scripts: number;
  wireKb: number;
  unpackedKb: number;
  encodings: string;
}

async function scriptsOf(context: BrowserContext, path: string, ready: string): Promise<Load> {
  const page = await context.newPage();
  const encodings = new Set<string>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') encodings.add(response.headers()['content-encoding'] ?? 'identity');
  });
  await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
  await page.locator(ready).first().waitFor();
  const sizes = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script' || entry.name.endsWith('.js'))
      .map((entry) => {
        const timing = entry as PerformanceResourceTiming;
        return { wire: timing.encodedBodySize, unpacked: timing.decodedBodySize, transferred: timing.transferSize };
      }),
  );
  await page.close();
  const wire = sizes.reduce((sum, s) => sum + s.wire, 0);
  const unpacked = sizes.reduce((sum, s) => sum + s.unpacked, 0);
  const fetched = sizes.filter((s) => s.transferred > 0).length;
  return { scripts: fetched, wireKb: wire / 1024, unpackedKb: unpacked / 1024, encodings: [...encodings].join(',') || '(cache)' };
}

await waitForHealth();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const rows: Array<{ page: string } & Load> = [];
const publicPages: Array<[string, string]> = [
  ['/guide', 'h1'],
  ['/query', 'form'],
  ['/hall', 'h1'],
  ['/book', 'h1'],
  ['/verify', 'h1'],
];
for (const [path, ready] of [['/login', 'form'] as [string, string], ...publicPages]) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  rows.push({ page: path, ...(await scriptsOf(context, path, ready)) });
  await context.close();
}

// The staff home after signing in, with an empty cache, then again with the cache the first load filled.
const staff = await browser.newContext({ locale: 'zh-CN' });
const signIn = await staff.request.post(`${origin}/api/auth/login`, { data: { username: 'frontdesk', password: 'demo1234' } });
if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
rows.push({ page: '/ (signed in)', ...(await scriptsOf(staff, '/', 'main')) });
rows.push({ page: '/ (again, cached)', ...(await scriptsOf(staff, '/', 'main')) });
await staff.close();
await browser.close();

console.log('\n| page | scripts fetched | over the wire | unpacked | encoding |');
console.log('|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.page} | ${row.scripts} | ${row.wireKb.toFixed(0)} KB | ${row.unpackedKb.toFixed(0)} KB | ${row.encodings} |`);
}
const largest = Math.max(...rows.map((row) => row.wireKb));
console.log(`\nlargest first load over the wire: ${largest.toFixed(0)} KB (target < 400 KB)`);
process.exit(largest < 400 ? 0 : 1);
