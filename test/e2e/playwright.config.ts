/**
 * Browser journeys against a real server: `node src/main.ts serve --demo` on port 8181 (E2E_PORT) over a
 * fresh embedded database, driven by Debian's Chromium (never a downloaded browser).
 *
 *   npm run test:e2e      (builds web/dist first when it is stale)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 8181);
process.env.E2E_PORT = String(port);

// One data directory per run. Workers load this file too: they inherit the variable and leave
// the directory alone; the runner that made it removes it when it exits.
const dataDirVariable = 'ONEWINDOW_E2E_DATA_DIR';
let dataDir = process.env[dataDirVariable];
if (!dataDir) {
  const created = mkdtempSync(join(tmpdir(), 'onewindow-e2e-'));
  dataDir = created;
  process.env[dataDirVariable] = created;
  process.on('exit', () => rmSync(created, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: join(repoRoot, 'test-results', 'e2e-artifacts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // Without the history: journeys start from an empty front line, and the server within the timeout.
    command: `node src/main.ts serve --demo --no-history --port ${port}`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // The 电子监察 rules every few seconds, so a journey sees the alert its own step raised (test/e2e/alerts.spec.ts).
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn', ALERT_INTERVAL_SECONDS: '3' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
