import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../../../src/domain/roles.ts';
import { capabilitiesOf, type Capability } from './capabilities.ts';

const of = (role: Role) => capabilitiesOf([{ role, departmentId: null, regionCode: '370982' }]);
const hall: Capability[] = ['workWindow', 'viewAppointments', 'manageAppointments', 'viewHallStats'];
const row = (role: Role) => hall.filter((c) => of(role)[c]);

test('the hall screens each role sees: windows for those who serve at one, statistics for guides and overseers, templates for administrators', () => {
  assert.deepEqual(row('front_desk'), ['workWindow', 'viewAppointments']);
  assert.deepEqual(row('issuer'), ['workWindow']);
  assert.deepEqual(row('guide'), ['workWindow', 'viewAppointments', 'viewHallStats']);
  assert.deepEqual(row('agent'), ['workWindow']);
  assert.deepEqual(row('town_approver'), ['workWindow']);
  assert.deepEqual(row('reviewer'), []);
  assert.deepEqual(row('supervisor'), ['viewAppointments', 'viewHallStats']);
  assert.deepEqual(row('admin'), ['viewAppointments', 'manageAppointments', 'viewHallStats']);
});
