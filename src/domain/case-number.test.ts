import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCaseNumber, parseCaseNumber } from './case-number.ts';

test('a case number is region + date + six-digit sequence, and reads back', () => {
  assert.equal(formatCaseNumber('370982', '2026-11-23', 42), '37098220261123000042');
  assert.deepEqual(parseCaseNumber('37098210320261123000042'), { regionCode: '370982103', day: '2026-11-23', sequence: 42 });
  assert.equal(parseCaseNumber('3709822026112300004'), undefined);
  assert.throws(() => formatCaseNumber('370982', '2026-11-23', 1_000_000), RangeError);
});
