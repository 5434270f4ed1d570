import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attemptPolicies, blockedUntil, clientSubject, refundAttempt, reserveAttempt, type AttemptPolicy, type AttemptState } from './attempt-limits.ts';

const t0 = new Date('2026-11-23T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function run(policy: AttemptPolicy, times: number[], start?: AttemptState): { state: AttemptState | undefined; refused: number[] } {
  let state = start;
  const refused: number[] = [];
  for (const ms of times) {
    if (blockedUntil(policy, state, at(ms))) refused.push(ms);
    else state = reserveAttempt(policy, state, at(ms));
  }
  return { state, refused };
}

test('a window rule refuses the sixth attempt within 30 minutes until the window closes, then doubles the next window', () => {
  const policy = attemptPolicies.caseQuery;
  const { state, refused } = run(policy, [0, 1000, 2000, 3000, 4000, 5000, 29 * 60_000]);
  assert.deepEqual(refused, [5000, 29 * 60_000]);
  assert.deepEqual(blockedUntil(policy, state, at(5000)), at(30 * 60_000));
  assert.equal(blockedUntil(policy, state, at(30 * 60_000)), null);
  const second = reserveAttempt(policy, state, at(31 * 60_000));
  assert.deepEqual(second.windowEnd, at(91 * 60_000), 'the next window lasts an hour');
  assert.deepEqual([second.attempts, second.level], [1, 1]);
  const quiet = reserveAttempt(policy, second, at(second.lastAt.getTime() - t0.getTime() + 24 * 3_600_000));
  assert.equal(quiet.level, 0, 'a day of quiet forgets the escalation');
});

test('the window never grows past its cap', () => {
  const policy = attemptPolicies.caseQuery;
  const state: AttemptState = { attempts: 0, windowEnd: null, lockedUntil: null, level: 30, lastAt: t0 };
  assert.deepEqual(reserveAttempt(policy, state, at(1)).windowEnd, at(1 + policy.maxWindowMs));
});

test('a refund gives back the attempt that spent the window, so a success never leaves a lock behind', () => {
  const policy = attemptPolicies.signInClient;
  const { state } = run(
    policy,
    Array.from({ length: 30 }, (_, i) => i),
  );
  assert.ok(blockedUntil(policy, state, at(100)));
  const refunded = refundAttempt(policy, state!);
  assert.equal(blockedUntil(policy, refunded, at(100)), null);
  assert.equal(refunded.attempts, 29);
});

test('a back-off rule lets five failures through, then waits 1 s, 2 s, 4 s … up to 15 minutes', () => {
  const policy = attemptPolicies.signInAccount;
  let state: AttemptState | undefined;
  const waits: number[] = [];
  let now = 0;
  for (let i = 0; i < 16; i++) {
    state = reserveAttempt(policy, state, at(now));
    const until = blockedUntil(policy, state, at(now));
    waits.push(until ? until.getTime() - at(now).getTime() : 0);
    now += waits.at(-1)!;
  }
  assert.deepEqual(
    waits.map((w) => w / 1000),
    [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900],
  );
});

test('clients are counted by IPv4 address, by the /64 of an IPv6 address, and IPv4-mapped IPv6 as IPv4', () => {
  assert.equal(clientSubject('203.0.113.7'), '203.0.113.7');
  assert.equal(clientSubject('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(clientSubject('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
  assert.equal(clientSubject('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(clientSubject('2001:0db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientSubject('::1'), '0:0:0:0::/64');
  assert.equal(clientSubject('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(clientSubject(''), 'unknown');
});
