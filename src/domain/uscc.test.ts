import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidUscc, usccCheckChar } from './uscc.ts';

test('accepts published USCCs and rejects a wrong check character', () => {
  // Codes printed on public business licences.
  assert.equal(isValidUscc('91350100M000100Y43'), true);
  assert.equal(isValidUscc('911100001000080343'), true);
  assert.equal(isValidUscc('91350100M000100Y44'), false);
});

test('rejects letters outside the GB 32100 alphabet and wrong lengths', () => {
  assert.equal(isValidUscc('91350100M000100I43'), false);
  assert.equal(isValidUscc('91350100M000100Y4'), false);
  assert.equal(usccCheckChar('91350100M000100Y'), undefined);
});
