/**
 * Several `onewindow serve` processes on one PostgreSQL share the hall display through
 * LISTEN/NOTIFY: a call made through one process reaches a display connected to the other.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresUrl, testBackends, type TestDatabase } from './support/database.ts';
import { openEventStream } from './support/event-stream.ts';
import { demoPassword } from '../src/cli/demo.ts';

const backend = testBackends().find((b) => b.name === 'postgres');

async function startServer(url: string, dataDir: string, key: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, ['src/main.ts', 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, ONEWINDOW_DATA_KEY: key, LOG_LEVEL: 'warn', CLOCK_INTERVAL_SECONDS: '3600' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  return { child, address };
}

describe('two server processes share one display through PostgreSQL LISTEN/NOTIFY', { skip: backend ? false : 'needs PostgreSQL (TEST_DATABASE_URL)' }, () => {
  let database: TestDatabase;
  const children: ChildProcess[] = [];
  let a: string;
  let b: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-procs-'));

  before(async () => {
    database = await backend!.create();
    assert.ok(database.url && postgresUrl());
    const key = randomBytes(32).toString('base64');
    const [first, second] = await Promise.all([startServer(database.url!, dataDir, key), startServer(database.url!, dataDir, key)]);
    children.push(first.child, second.child);
    a = first.address;
    b = second.address;
  });
  after(async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a call made through process A is spoken on a display connected to process B', async () => {
    assert.notEqual(a, b);
    const centers = (await (await fetch(`${b}/api/hall/centers`)).json()) as { id: string; name: string }[];
    const center = centers.find((c) => c.name === '新泰市政务服务中心')!.id;
    const display = await openEventStream(`${b}/api/centers/${center}/board/stream`);
    try {
      await display.next('board');
      const login = await fetch(`${a}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'frontdesk', password: demoPassword }) });
      assert.equal(login.status, 200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const post = async (path: string, body: unknown = {}) => {
        const response = await fetch(`${a}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomBytes(12).toString('hex') }, body: JSON.stringify(body) });
        return { status: response.status, json: (await response.json()) as any };
      };
      const windows = (await (await fetch(`${a}/api/windows?centerId=${center}`, { headers: { cookie } })).json()) as { id: string; number: number }[];
      const window7 = windows.find((w) => w.number === 7)!.id;
      assert.equal((await post(`/api/windows/${window7}/open`)).status, 200);
      const ticket = await post(`/api/centers/${center}/tickets`, { classCode: 'B' });
      assert.equal(ticket.status, 201);
      await display.next('board', (board) => board.classes.find((c: { code: string }) => c.code === 'B').waiting >= 1);
      const call = await post(`/api/windows/${window7}/call-next`);
      assert.equal(call.json.ticket.number, ticket.json.number);
      const heard = await display.next('call', (c) => c.number === ticket.json.number);
      assert.equal(heard.data.announcement, `请${ticket.json.number}号到7号窗口办理`);
    } finally {
      display.close();
    }
  });
});
