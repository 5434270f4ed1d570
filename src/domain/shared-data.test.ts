import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskPhone, pickShared, requestReason, secondsToNextMinute } from './shared-data.ts';

test('a reason is required, 4 to 200 characters, Chinese sent percent-encoded or as raw UTF-8', () => {
  assert.throws(() => requestReason(undefined), /reason is required/);
  assert.throws(() => requestReason('   '), /reason is required/);
  assert.throws(() => requestReason('abc'), /4 to 200 characters/);
  assert.throws(() => requestReason('x'.repeat(201)), /4 to 200 characters/);
  assert.equal(requestReason(encodeURIComponent('核验婚姻登记')), '核验婚姻登记');
  assert.equal(requestReason(Buffer.from('核验婚姻登记').toString('latin1')), '核验婚姻登记', 'raw UTF-8 bytes read as Latin-1 by Node');
  assert.equal(requestReason('loan check 100%'), 'loan check 100%', 'a lone % is text');
  assert.equal(requestReason(encodeURIComponent('核验\n婚姻')), '核验 婚姻', 'control characters become spaces');
});

test('a response section holds exactly the listed fields of that section', () => {
  const values = { caseNo: 'N1', status: 'concluded', itemName: '婚姻登记' };
  assert.deepEqual(pickShared('case', ['case.caseNo', 'applicant.name', 'case.status'], values), { caseNo: 'N1', status: 'concluded' });
  assert.equal(pickShared('case', ['applicant.name'], values), undefined);
});

test('phones are masked in the middle; a key over its rate waits for the next minute', () => {
  assert.equal(maskPhone('13905381234'), '139****1234');
  assert.equal(maskPhone(''), '');
  assert.equal(secondsToNextMinute(new Date('2026-11-23T01:30:15.200Z')), 45);
  assert.equal(secondsToNextMinute(new Date('2026-11-23T01:30:00.000Z')), 60);
});
