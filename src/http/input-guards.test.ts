import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTextFault, jsonNestsDeeperThan } from './input-guards.ts';

test('depth counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
  assert.equal(jsonNestsDeeperThan('[[[]]]', 3), false);
  assert.equal(jsonNestsDeeperThan('[[[[]]]]', 3), true);
  assert.equal(jsonNestsDeeperThan('{"a":{"b":[1]}}', 3), false);
  assert.equal(jsonNestsDeeperThan('{"a":{"b":[{}]}}', 3), true);
  assert.equal(jsonNestsDeeperThan(JSON.stringify({ a: '[[[[[[{{{{' }), 1), false);
  assert.equal(jsonNestsDeeperThan(JSON.stringify({ a: 'quote \\" then [[[[' }), 1), false);
  // Siblings do not add up: depth goes down again at each closing bracket.
  assert.equal(jsonNestsDeeperThan('[[],[],[],[],[]]', 2), false);
  assert.equal(jsonNestsDeeperThan('['.repeat(100_000), 64), true);
});

test('a NUL or an unpaired surrogate is found with its path, in values and in keys; pairs and ordinary text pass', () => {
  assert.equal(findTextFault({ name: '新泰市民政局', emoji: '📊', list: ['a', 'b'] }, 'body'), undefined);
  assert.deepEqual(findTextFault({ materials: [{ name: 'a' }, { name: 'b\u0000' }] }, 'body'), { field: 'body.materials.1.name', fault: 'nul' });
  assert.deepEqual(findTextFault({ form: { 'k\u0000': 'v' } }, 'body'), { field: 'body.form.k\\u0000', fault: 'nul' });
  assert.deepEqual(findTextFault({ q: 'x\ud800' }, 'query'), { field: 'query.q', fault: 'surrogate' });
  assert.deepEqual(findTextFault(['\udc00'], 'body'), { field: 'body.0', fault: 'surrogate' });
  assert.equal(findTextFault(null, 'body'), undefined);
  assert.equal(findTextFault(42, 'body'), undefined);
});
