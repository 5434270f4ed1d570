import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grantsFor, intakeArea, mayAnywhere, mayOn, permissionNames, permissions, taskRegionPath } from './permissions.ts';
import { roles, type Grant } from './roles.ts';
import type { RegionLevel } from './region.ts';

const xintai = '370000.370900.370982';
const feicheng = '370000.370900.370983';
const zhaizhen = `${xintai}.370982103`;
const mz = 'dept-mz';
const ga = 'dept-ga';

test('every permission names roles (or is for API keys alone), and every role holds at least one permission', () => {
  for (const name of permissionNames) {
    const rule: { roles: readonly string[]; apiKey?: boolean } = permissions[name];
    assert.ok(rule.roles.length > 0 || rule.apiKey === true, name);
  }
  for (const role of roles)
    assert.ok(
      permissionNames.some((p) => mayAnywhere([{ role }], p)),
      role,
    );
});

test('a record-level check compares the record’s region and department with the grant', () => {
  const reviewer: Grant[] = [{ role: 'reviewer', departmentId: mz, regionPath: xintai }];
  assert.equal(mayOn(reviewer, 'task.work', { regionPath: zhaizhen, departmentId: mz }), true);
  assert.equal(mayOn(reviewer, 'task.work', { regionPath: xintai, departmentId: ga }), false, 'a civil-affairs reviewer never works a public-security task');
  assert.equal(mayOn(reviewer, 'task.work', { regionPath: feicheng, departmentId: mz }), false, 'nor another county’s');
  assert.equal(mayOn(reviewer, 'licence.revoke', { regionPath: xintai, departmentId: mz }), false, 'nor does what the role does not hold');
  const issuer: Grant[] = [{ role: 'issuer', departmentId: null, regionPath: xintai }];
  assert.equal(mayOn(issuer, 'licence.revoke', { regionPath: xintai, departmentId: ga }), true);
  assert.equal(mayOn(issuer, 'licence.revoke', { regionPath: feicheng, departmentId: ga }), false);
});

test('“anywhere” is what a route and a menu ask; the grants that give it are where', () => {
  const grants: Grant[] = [
    { role: 'admin', departmentId: mz, regionPath: xintai },
    { role: 'reviewer', departmentId: null, regionPath: feicheng },
  ];
  assert.equal(mayAnywhere(grants, 'catalog.edit'), true);
  assert.equal(mayAnywhere(grants, 'window.work'), false);
  assert.deepEqual(
    grantsFor(grants, 'audit.read').map((g) => g.regionPath),
    [xintai],
  );
});

const ancestry = (path: string) => path.split('.').map((_, i, codes) => ({ path: codes.slice(0, i + 1).join('.'), level: (['province', 'city', 'county', 'town', 'village'] as RegionLevel[])[i]! }));

test('an item is received in its department’s subtree unless its 通办范围 declares more', () => {
  assert.equal(intakeArea(ancestry(xintai), 'none'), xintai);
  assert.equal(intakeArea(ancestry(xintai), 'county'), xintai);
  assert.equal(intakeArea(ancestry(xintai), 'city'), '370000.370900');
  assert.equal(intakeArea(ancestry(xintai), 'province'), '370000');
  assert.equal(intakeArea(ancestry(xintai), 'national'), null);
  assert.equal(intakeArea(ancestry(zhaizhen), 'county'), xintai, 'a town department’s item, 全县通办');
  assert.equal(intakeArea(ancestry('370000.370900'), 'county'), '370000.370900', 'never narrower than the department');
});

test('a task of a case received elsewhere lies with the department', () => {
  assert.equal(taskRegionPath(zhaizhen, xintai), zhaizhen, 'a town’s case of a county department stays with the town');
  assert.equal(taskRegionPath(feicheng, xintai), xintai, '跨域通办: reviewed where the department is');
});
