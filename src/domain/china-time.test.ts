import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaClock, chinaDate, chinaDateTime, chinaDay, chinaDayStart } from './china-time.ts';

test('the day in China turns at 16:00 UTC', () => {
  assert.equal(chinaDate(new Date('2026-03-01T15:59:59.999Z')), '2026-03-01');
  assert.equal(chinaDate(new Date('2026-03-01T16:00:00.000Z')), '2026-03-02');
  // Across a month and a year end, and on a leap day.
  assert.equal(chinaDate(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
  assert.equal(chinaDate(new Date('2028-02-28T16:00:00Z')), '2028-02-29');
  assert.equal(chinaDate(new Date('2026-06-30T15:59:59Z')), '2026-06-30');
});

test('a day in China runs from 16:00 UTC the day before to 16:00 UTC', () => {
  assert.deepEqual(chinaDayStart('2026-03-02'), new Date('2026-03-01T16:00:00Z'));
  for (const at of ['2026-03-01T16:00:00Z', '2026-03-02T08:00:00Z', '2026-03-02T15:59:59.999Z']) {
    const { from, to } = chinaDay(new Date(at));
    assert.deepEqual([from.toISOString(), to.toISOString()], ['2026-03-01T16:00:00.000Z', '2026-03-02T16:00:00.000Z'], at);
  }
  assert.equal(chinaDay(new Date('2026-03-01T15:59:59.999Z')).to.toISOString(), '2026-03-01T16:00:00.000Z');
});

test('times read as in China, the same as the Asia/Shanghai zone', () => {
  assert.equal(chinaClock(new Date('2026-03-01T16:00:00Z')), '00:00');
  assert.equal(chinaClock(new Date('2026-03-01T15:59:30Z'), { seconds: true }), '23:59:30');
  assert.equal(chinaDateTime(new Date('2026-03-01T16:05:00Z')), '2026-03-02 00:05');
  const zoned = (d: Date) => d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  for (let m = 0; m < 24 * 60; m += 7) {
    const at = new Date(Date.UTC(2026, 0, 1) + m * 60_000);
    assert.equal(chinaClock(at), zoned(at));
    assert.equal(chinaDate(at), at.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
  }
});
