import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canAct, grantContains, type Grant } from './roles.ts';

const xintai = '370000.370900.370982';
const zhaizhen = `${xintai}.370982106`;
const civilAffairs = 'dept-mz';
const publicSecurity = 'dept-ga';

test('a department reviewer acts on its department within its region subtree only', () => {
  const grants: Grant[] = [{ role: 'reviewer', departmentId: civilAffairs, regionPath: xintai }];
  assert.equal(canAct(grants, ['reviewer'], { regionPath: xintai, departmentId: civilAffairs }), true);
  assert.equal(canAct(grants, ['reviewer'], { regionPath: zhaizhen, departmentId: civilAffairs }), true);
  assert.equal(canAct(grants, ['reviewer'], { regionPath: xintai, departmentId: publicSecurity }), false);
  assert.equal(canAct(grants, ['reviewer'], { regionPath: '370000.370900.370983', departmentId: civilAffairs }), false);
  assert.equal(canAct(grants, ['admin'], { regionPath: xintai, departmentId: civilAffairs }), false);
});

test('a town grant does not reach the county above it nor a sibling town', () => {
  const grants: Grant[] = [{ role: 'town_approver', departmentId: null, regionPath: zhaizhen }];
  assert.equal(canAct(grants, ['town_approver'], { regionPath: xintai }), false);
  assert.equal(canAct(grants, ['town_approver'], { regionPath: `${xintai}.370982107` }), false);
  // A code that merely starts with the same digits is not inside the subtree.
  assert.equal(canAct(grants, ['town_approver'], { regionPath: `${xintai}.3709821060` }), false);
});

test('an admin may hand out only grants inside its own', () => {
  const admin: Grant = { role: 'admin', departmentId: null, regionPath: xintai };
  assert.equal(grantContains(admin, { departmentId: civilAffairs, regionPath: zhaizhen }), true);
  assert.equal(grantContains(admin, { departmentId: null, regionPath: '370000.370900' }), false);
  const deptAdmin: Grant = { role: 'admin', departmentId: civilAffairs, regionPath: xintai };
  assert.equal(grantContains(deptAdmin, { departmentId: null, regionPath: xintai }), false);
  assert.equal(grantContains(deptAdmin, { departmentId: publicSecurity, regionPath: xintai }), false);
});
