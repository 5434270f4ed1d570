import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVerifyRateLimit } from '../../main.ts';
import { verifyRateLimiter } from './licence.routes.ts';

test('the verify rate limit counts each client per minute, then lets it go at the next minute', () => {
  let now = 1_000_000;
  const limit = verifyRateLimiter(3, () => now);
  assert.deepEqual(
    [1, 2, 3].map(() => limit('203.0.113.1').allowed),
    [true, true, true],
  );
  const refused = limit('203.0.113.1');
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterSeconds, 60);
  assert.equal(limit('203.0.113.2').allowed, true, 'another client has its own count');
  now += 45_000;
  assert.deepEqual([limit('203.0.113.1').allowed, limit('203.0.113.1').retryAfterSeconds], [false, 15]);
  now += 15_000;
  assert.equal(limit('203.0.113.1').allowed, true, 'a new minute');
});

test('VERIFY_RATE_LIMIT: 600 by default, a whole number of at least 1 otherwise', () => {
  assert.equal(parseVerifyRateLimit(undefined), 600);
  assert.equal(parseVerifyRateLimit(''), 600);
  assert.equal(parseVerifyRateLimit('5000'), 5000);
  for (const bad of ['0', '-1', '1.5', 'many']) assert.throws(() => parseVerifyRateLimit(bad), /VERIFY_RATE_LIMIT/);
});
