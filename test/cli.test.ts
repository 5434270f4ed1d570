/**
 * The `onewindow` command as an operator uses it, in child processes against a real data directory
 * (PGlite) or a real database (PostgreSQL).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { postgresUrl } from './support/database.ts';
import { pgliteExtensions } from '../src/db/database.ts';

const run = promisify(execFile);
const entry = join(import.meta.dirname, '..', 'src', 'main.ts');

interface Target {
  name: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Runs SQL directly against the target's database, as someone with the keys to the server would. */
  tamper(statements: string): Promise<void>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-cli-'));
  return {
    name: 'pglite',
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    async tamper(statements) {
      const db = await PGlite.create({ dataDir, extensions: pgliteExtensions });
      await db.exec(statements);
      await db.close();
    },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let postgresTargets = 0;

async function postgresTarget(url: string): Promise<Target> {
  const name = `ow_t_${process.pid}_cli${++postgresTargets}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  // The data key file lands in DATA_DIR even when the data itself is in PostgreSQL.
  const keyDir = mkdtempSync(join(tmpdir(), 'onewindow-cli-key-'));
  return {
    name: 'postgres',
    env: { DATABASE_URL: target.toString(), DATA_DIR: keyDir },
    async tamper(statements) {
      const client = new pg.Client({ connectionString: target.toString() });
      await client.connect();
      await client.query(statements);
      await client.end();
    },
    async cleanup() {
      rmSync(keyDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function onewindow(target: Target, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [entry, ...args], { env: { ...process.env, ...target.env, ...extraEnv }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Starts `serve` on a free port and resolves with its base URL once it prints it. */
function startServer(target: Target, args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [entry, 'serve', '--port', '0', ...args], { env: { ...process.env, ...target.env, LOG_LEVEL: 'warn' } });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          stop: () => new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

const targets: (() => Promise<Target>)[] = [pgliteTarget];
const url = postgresUrl();
if (url) targets.push(() => postgresTarget(url));

for (const makeTarget of targets) {
  describe(`onewindow command (${makeTarget === pgliteTarget ? 'pglite' : 'postgres'})`, () => {
    let target: Target;
    before(async () => {
      target = await makeTarget();
    });
    after(() => target.cleanup());

    test('--help lists the commands', async () => {
      const { code, stdout } = await onewindow(target, ['--help']);
      assert.equal(code, 0);
      for (const command of ['serve', 'migrate', 'demo', 'admin', 'verify']) assert.match(stdout, new RegExp(`\\b${command}\\b`));
    });

    test('a production start loads no demo users; an operator creates the first administrator', async () => {
      const server = await startServer(target, []);
      try {
        const health = await (await fetch(`${server.url}/api/health`)).json();
        assert.equal(health.database, target.name);
        const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234' }) });
        assert.equal(login.status, 401);
      } finally {
        await server.stop();
      }
      const region = await onewindow(target, ['admin', 'create-region', '--code', '370982', '--name', '新泰市', '--level', 'county']);
      assert.equal(region.code, 0, region.stderr);
      const user = await onewindow(target, ['admin', 'create-user', '--username', 'root', '--name', '管理员', '--role', 'admin', '--region', '370982'], { ONEWINDOW_PASSWORD: 'first-admin-pass' });
      assert.equal(user.code, 0, user.stderr);
      assert.match(user.stdout, /User created: root/);
      const badRole = await onewindow(target, ['admin', 'create-user', '--username', 'x', '--name', 'x', '--role', 'king', '--region', '370982', '--password', 'whatever-1']);
      assert.notEqual(badRole.code, 0);
      assert.match(badRole.stderr, /role must be one of/);
    });

    test('migrate, demo load (with progress, once) and verify audit', async () => {
      const fresh = await makeTarget();
      try {
        const migrate = await onewindow(fresh, ['migrate']);
        assert.equal(migrate.code, 0, migrate.stderr);
        assert.match(migrate.stdout, /Migrations applied/);
        const demo = await onewindow(fresh, ['demo', 'load']);
        assert.equal(demo.code, 0, demo.stderr);
        assert.match(demo.stdout, /\[1\/7\] 行政区划[\s\S]*\[7\/7\]/);
        assert.match(demo.stdout, /Demo loaded/);
        assert.match((await onewindow(fresh, ['demo', 'load'])).stdout, /already loaded/);
        const workbook = join(tmpdir(), `onewindow-catalog-${process.pid}-${fresh.name}.xlsx`);
        const exported = await onewindow(fresh, ['catalog', 'export', workbook]);
        assert.equal(exported.code, 0, exported.stderr);
        assert.match(exported.stdout, /Exported 48 items and 8 bundles/);
        const imported = await onewindow(fresh, ['catalog', 'import', workbook]);
        assert.equal(imported.code, 0, imported.stderr);
        assert.match(imported.stdout, /\[48\/48\] 事项/);
        assert.match(imported.stdout, /0 items published, 48 unchanged, 8 bundles/);
        rmSync(workbook);
        const notAWorkbook = await onewindow(fresh, ['catalog', 'import', entry]);
        assert.equal(notAWorkbook.code, 1);
        assert.match(notAWorkbook.stderr, /不是有效的 Excel/);

        const verify = await onewindow(fresh, ['verify', 'audit']);
        assert.equal(verify.code, 0);
        assert.match(verify.stdout, /Audit chain OK: \d+ rows/);

        await fresh.tamper(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
          UPDATE audit_log SET payload = '{"name":"篡改"}' WHERE seq = 3;`);
        const broken = await onewindow(fresh, ['verify', 'audit']);
        assert.equal(broken.code, 1);
        assert.match(broken.stdout, /BROKEN at row 3 \(hash_mismatch\)/);
      } finally {
        await fresh.cleanup();
      }
    });
  });
}
