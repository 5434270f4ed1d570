/**
 * The `onewindow` command as an operator uses it, in child processes against a real data directory
 * (PGlite) or a real database (PostgreSQL).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { postgresUrl } from './support/database.ts';
import { pgliteExtensions } from '../src/db/database.ts';
import { demoAccounts } from '../src/cli/demo.ts';

const run = promisify(execFile);
const entry = join(import.meta.dirname, '..', 'src', 'main.ts');

interface Target {
  name: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Runs SQL directly against the target's database, as someone with the keys to the server would. */
  tamper(statements: string): Promise<void>;
  /** Reads rows directly from the target's database. */
  query<T>(statement: string): Promise<T[]>;
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
    async query<T>(statement: string) {
      const db = await PGlite.create({ dataDir, extensions: pgliteExtensions });
      try {
        return (await db.query<T>(statement)).rows;
      } finally {
        await db.close();
      }
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
    async query<T>(statement: string) {
      const client = new pg.Client({ connectionString: target.toString() });
      await client.connect();
      try {
        return (await client.query(statement)).rows as T[];
      } finally {
        await client.end();
      }
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
          stop: () =>
            new Promise((done) => {
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
        const demo = await onewindow(fresh, ['demo', 'load', '--no-history']);
        assert.equal(demo.code, 0, demo.stderr);
        assert.match(demo.stdout, /\[1\/7\] 行政区划[\s\S]*\[7\/7\]/);
        assert.match(demo.stdout, /Demo loaded/);
        assert.match((await onewindow(fresh, ['demo', 'load', '--no-history'])).stdout, /already loaded/);
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

    test('verify audit names rows cut off the end of the log; an exported copy shows it when the checkpoints were cut too', async () => {
      const fresh = await makeTarget();
      const copy = join(tmpdir(), `onewindow-checkpoints-${process.pid}-${fresh.name}.jsonl`);
      try {
        const region = await onewindow(fresh, ['admin', 'create-region', '--code', '370982', '--name', '新泰市', '--level', 'county']);
        assert.equal(region.code, 0, region.stderr);
        const town = await onewindow(fresh, ['admin', 'create-region', '--code', '370982103', '--name', '翟镇', '--parent', '370982']);
        assert.equal(town.code, 0, town.stderr);
        const signed = await onewindow(fresh, ['audit', 'checkpoint']);
        assert.equal(signed.code, 0, signed.stderr);
        assert.match(signed.stdout, /Checkpoint written: row 2, hash [0-9a-f]{64}, key sm2-[0-9a-f]{16}/);
        const exported = await onewindow(fresh, ['audit', 'export-checkpoints', copy]);
        assert.equal(exported.code, 0, exported.stderr);
        assert.match(exported.stdout, /Exported 1 checkpoints/);

        await fresh.tamper(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
          DELETE FROM audit_log WHERE seq > 1;
          ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`);
        const cut = await onewindow(fresh, ['verify', 'audit']);
        assert.equal(cut.code, 1);
        assert.match(cut.stdout, /Audit chain OK: 1 rows/, 'what is left of the chain is whole');
        assert.match(cut.stdout, /审计日志被截断:数据库中的检查点记录到第 2 行,日志现只到第 1 行,第 2 行缺失/);
        assert.match(cut.stdout, /Audit log TRUNCATED: the database checkpoint anchors row 2 but the log ends at row 1; row 2 is missing/);

        // Cut the checkpoints back too, and only the copy kept elsewhere still shows it.
        await fresh.tamper(`ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only;
          DELETE FROM audit_checkpoints;
          ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_append_only;`);
        const withCopy = await onewindow(fresh, ['verify', 'audit', '--checkpoints', copy]);
        assert.equal(withCopy.code, 1);
        assert.match(withCopy.stdout, /Checkpoints 检查点: 0 in the database, 1 in /);
        assert.match(withCopy.stdout, /the exported checkpoint anchors row 2 but the log ends at row 1/);
        assert.match(withCopy.stdout, /the exported checkpoint at row 2 is missing from the database/);
        assert.match(withCopy.stdout, /Audit log FAILED verification/);
      } finally {
        rmSync(copy, { force: true });
        await fresh.cleanup();
      }
    });

    test('keys list, rotate and compromise: each one transaction with its audit row', async () => {
      const fresh = await makeTarget();
      try {
        assert.equal((await onewindow(fresh, ['demo', 'load', '--no-history'])).code, 0);
        const [department] = await fresh.query<{ uscc: string; name: string }>(`SELECT uscc, name FROM departments WHERE uscc IS NOT NULL ORDER BY name LIMIT 1`);
        const empty = await onewindow(fresh, ['keys', 'list']);
        assert.equal(empty.code, 0, empty.stderr);
        assert.match(empty.stdout, /No e-licence key yet/);

        const first = await onewindow(fresh, ['keys', 'rotate', '--issuer', department!.uscc]);
        assert.equal(first.code, 0, first.stderr);
        const firstId = /New key 新密钥: (sm2-[0-9a-f]{16}) for (\S+) (\S+)/.exec(first.stdout);
        assert.deepEqual(firstId?.slice(2), [department!.uscc, department!.name]);
        assert.match(first.stdout, /-----BEGIN PUBLIC KEY-----/);
        const second = await onewindow(fresh, ['keys', 'rotate', '--issuer', department!.uscc]);
        assert.equal(second.code, 0, second.stderr);
        const secondId = /New key 新密钥: (sm2-[0-9a-f]{16})/.exec(second.stdout)![1]!;
        assert.match(second.stdout, new RegExp(`retired 已停用 ${firstId![1]}`));

        const compromised = await onewindow(fresh, ['keys', 'compromise', secondId, '--since', '2026-11-01T00:00:00+08:00', '--reason', '私钥介质丢失']);
        assert.equal(compromised.code, 0, compromised.stderr);
        assert.match(compromised.stdout, /marked compromised since 2026-10-31T16:00:00.000Z/);
        const list = await onewindow(fresh, ['keys', 'list']);
        assert.match(list.stdout, new RegExp(`${firstId![1]}  ${department!.uscc} .*retired 已停用`));
        assert.match(list.stdout, new RegExp(`${secondId}  ${department!.uscc} .*COMPROMISED since 泄露自 2026-10-31T16:00:00.000Z \\(私钥介质丢失\\)`));

        const badTime = await onewindow(fresh, ['keys', 'compromise', secondId, '--since', 'yesterday', '--reason', 'x']);
        assert.equal(badTime.code, 1);
        assert.match(badTime.stderr, /ISO 8601/);
        const badIssuer = await onewindow(fresh, ['keys', 'rotate', '--issuer', '12345']);
        assert.equal(badIssuer.code, 1);
        assert.match(badIssuer.stderr, /统一社会信用代码无效/);
        const unknownKey = await onewindow(fresh, ['keys', 'compromise', 'sm2-0000000000000000', '--since', '2026-11-01T00:00:00Z', '--reason', 'x']);
        assert.equal(unknownKey.code, 1);
        assert.match(unknownKey.stderr, /签名密钥不存在/);

        const audit = await fresh.query<{ action: string; entity_id: string }>(`SELECT action, entity_id FROM audit_log WHERE action LIKE 'licence_key.%' ORDER BY seq`);
        assert.deepEqual(audit, [
          { action: 'licence_key.rotated', entity_id: firstId![1] },
          { action: 'licence_key.rotated', entity_id: secondId },
          { action: 'licence_key.compromised', entity_id: secondId },
        ]);
        const verify = await onewindow(fresh, ['verify', 'audit']);
        assert.equal(verify.code, 0, verify.stdout);
      } finally {
        await fresh.cleanup();
      }
    });
  });
}

describe('two processes loading the demo at once on one empty PostgreSQL', { skip: url ? false : 'needs PostgreSQL (TEST_DATABASE_URL)' }, () => {
  test('both succeed and the demo is loaded once', async () => {
    const target = await postgresTarget(url!);
    try {
      const runs = await Promise.all([onewindow(target, ['demo', 'load', '--no-history']), onewindow(target, ['demo', 'load', '--no-history'])]);
      assert.deepEqual(
        runs.map((r) => r.code),
        [0, 0],
        runs.map((r) => r.stderr).join('\n'),
      );
      assert.deepEqual(runs.map((r) => (/Demo loaded/.test(r.stdout) ? 'loaded' : /already loaded/.test(r.stdout) ? 'already' : r.stdout)).sort(), ['already', 'loaded']);
      const client = new pg.Client({ connectionString: target.env.DATABASE_URL });
      await client.connect();
      try {
        const counts = await client.query<{ regions: string; staff: string; items: string }>(`SELECT (SELECT count(*) FROM regions) AS regions, (SELECT count(*) FROM staff) AS staff, (SELECT count(*) FROM service_items) AS items`);
        assert.deepEqual(counts.rows[0], { regions: '10', staff: String(demoAccounts.length), items: '48' });
      } finally {
        await client.end();
      }
    } finally {
      await target.cleanup();
    }
  });
});

describe('demo reset (pglite)', () => {
  test('wipes a OneWindow data directory and loads the demo afresh; refuses anything else', async () => {
    const target = await pgliteTarget();
    const stranger = mkdtempSync(join(tmpdir(), 'onewindow-not-ours-'));
    try {
      assert.notEqual((await onewindow(target, ['demo', 'reset', '--no-history'])).code, 0, 'needs --yes');
      const loaded = await onewindow(target, ['demo', 'load', '--no-history']);
      assert.equal(loaded.code, 0, loaded.stderr);
      const reset = await onewindow(target, ['demo', 'reset', '--yes', '--no-history']);
      assert.equal(reset.code, 0, reset.stderr);
      // Loaded again, not found loaded: the old data is gone.
      assert.match(reset.stdout, /Deleting[\s\S]*Demo loaded/);
      const [row] = await target.query<{ n: string }>("SELECT count(*) AS n FROM regions WHERE code = '370982'");
      assert.equal(Number(row!.n), 1);
      // A directory OneWindow did not make is left alone, and so is PostgreSQL.
      writeFileSync(join(stranger, 'thesis.txt'), 'years of work');
      const refused = await onewindow({ ...target, env: { DATA_DIR: stranger, DATABASE_URL: '' } }, ['demo', 'reset', '--yes', '--no-history']);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /does not look like a OneWindow data directory/);
      assert.ok(existsSync(join(stranger, 'thesis.txt')));
      const postgres = await onewindow({ ...target, env: { ...target.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } }, ['demo', 'reset', '--yes']);
      assert.notEqual(postgres.code, 0);
      assert.match(postgres.stderr, /embedded database only/);
    } finally {
      rmSync(stranger, { recursive: true, force: true });
      await target.cleanup();
    }
  });
});
