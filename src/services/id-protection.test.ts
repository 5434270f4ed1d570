import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdProtector, loadDataKey, withKeyedRequest } from './id-protection.ts';

test('a sealed ID opens with its key, differs each time, and a tampered seal does not open', () => {
  const protector = createIdProtector(randomBytes(32));
  const a = protector.seal('11010519491231002X');
  const b = protector.seal('11010519491231002X');
  assert.notEqual(a, b);
  assert.ok(!a.includes('11010519491231002X'));
  assert.equal(protector.open(a), '11010519491231002X');
  const parts = a.split('.');
  parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('A') ? 'BA' : 'AA');
  assert.throws(() => protector.open(parts.join('.')));
});

test('fingerprints are stable per key and differ across keys', () => {
  const one = createIdProtector(randomBytes(32));
  const two = createIdProtector(randomBytes(32));
  assert.equal(one.fingerprint('11010519491231002x'), one.fingerprint('11010519491231002X'));
  assert.notEqual(one.fingerprint('11010519491231002X'), two.fingerprint('11010519491231002X'));
});

test('without ONEWINDOW_DATA_KEY an embedded install keeps its key in the data folder, readable by the owner only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-key-'));
  try {
    const first = loadDataKey({ dataDir: dir });
    assert.deepEqual(loadDataKey({ dataDir: dir }), first);
    assert.equal(statSync(join(dir, 'onewindow.key')).mode & 0o777, 0o600);
    assert.throws(() => loadDataKey({ dataDir: dir, envKey: 'c2hvcnQ=' }), /32 bytes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a request digest kept for replays is keyed: the same with one key, unguessable without it', () => {
  const key = randomBytes(32);
  const request = 'POST /api/applicants\n{"idNumber":"11010519491231002X","kind":"person"}';
  const options = { actor: { kind: 'system' as const, id: null, name: 't', grants: [] }, idempotencyKey: 'k-00000001', requestHash: request };
  const keyed = withKeyedRequest(options, createIdProtector(key));
  assert.equal(keyed.requestHash, withKeyedRequest(options, createIdProtector(key)).requestHash, 'a replay is recognised');
  assert.notEqual(keyed.requestHash, withKeyedRequest(options, createIdProtector(randomBytes(32))).requestHash);
  assert.notEqual(keyed.requestHash, createHash('sha256').update(request).digest('hex'));
  assert.ok(!keyed.requestHash!.includes('11010519491231002X'));
  assert.equal(withKeyedRequest({ actor: options.actor }, createIdProtector(key)).requestHash, undefined);
});
