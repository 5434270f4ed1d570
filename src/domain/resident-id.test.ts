import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidResidentId, maskResidentId, parseResidentId, residentIdCheckChar } from './resident-id.ts';

test('the standard example of GB 11643 is valid and says what it carries', () => {
  assert.deepEqual(parseResidentId('11010519491231002X'), { ok: true, facts: { regionCode: '110105', birthDate: '1949-12-31', sex: 'female' } });
  assert.equal(residentIdCheckChar('11010519491231002'), 'X');
  assert.equal(isValidResidentId('11010519491231002x'), true, 'a lower-case x is accepted');
});

test('a wrong check character, an impossible birth date or a wrong shape is refused, each for its reason', () => {
  assert.deepEqual(parseResidentId('110105194912310021'), { ok: false, problem: 'check_char' });
  const feb30 = '37098219900230001';
  assert.deepEqual(parseResidentId(feb30 + residentIdCheckChar(feb30)!), { ok: false, problem: 'birth_date' });
  const future = '37098220300101001';
  assert.deepEqual(parseResidentId(future + residentIdCheckChar(future)!, '2026-11-23'), { ok: false, problem: 'birth_date' });
  assert.deepEqual(parseResidentId('3709821990010100'), { ok: false, problem: 'format' });
});

test('masking keeps the region code and the last four characters only', () => {
  assert.equal(maskResidentId('11010519491231002X'), '110105********002X');
});
