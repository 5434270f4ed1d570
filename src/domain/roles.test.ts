import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grantCovers, type Grant } from './roles.ts';

const xintai = '370000.370900.370982';
const zhaizhen = `${xintai}.370982106`;
const civilAffairs = 'dept-mz';
const publicSecurity = 'dept-ga';

test('a grant covers its region subtree, narrowed to its department when it names one', () => {
  const reviewer: Grant = { role: 'reviewer', departmentId: civilAffairs, regionPath: xintai };
  assert.equal(grantCovers(reviewer, { regionPath: xintai, departmentId: civilAffairs }), true);
  assert.equal(grantCovers(reviewer, { regionPath: zhaizhen, departmentId: civilAffairs }), true);
  assert.equal(grantCovers(reviewer, { regionPath: xintai, departmentId: publicSecurity }), false);
  assert.equal(grantCovers(reviewer, { regionPath: xintai }), false, 'a record of no department needs a grant of every department');
  assert.equal(grantCovers(reviewer, { regionPath: '370000.370900.370983', departmentId: civilAffairs }), false);
});

test('a town grant does not reach the county above it nor a sibling town', () => {
  const town: Grant = { role: 'town_approver', departmentId: null, regionPath: zhaizhen };
  assert.equal(grantCovers(town, { regionPath: xintai }), false);
  assert.equal(grantCovers(town, { regionPath: `${xintai}.370982107` }), false);
  // A code that merely starts with the same digits is not inside the subtree.
  assert.equal(grantCovers(town, { regionPath: `${xintai}.3709821060` }), false);
});
