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

test('every menu follows from the permission matrix; each role sees what it saw before the matrix', () => {
  const menus = (role: Role) =>
    Object.entries(of(role))
      .filter(([, shown]) => shown)
      .map(([capability]) => capability)
      .sort();
  assert.deepEqual(menus('guide'), ['ratingPad', 'receiveComplaints', 'viewAppointments', 'viewCases', 'viewComplaints', 'viewHallStats', 'workWindow']);
  assert.deepEqual(menus('front_desk'), ['decideIntake', 'intake', 'issueResults', 'prereview', 'ratingPad', 'receiveComplaints', 'revisitRatings', 'viewAgents', 'viewAppointments', 'viewCases', 'viewComplaints', 'workWindow']);
  assert.deepEqual(menus('reviewer'), ['handleComplaints', 'prereview', 'respondAlerts', 'reviewFilings', 'viewAlerts', 'viewCases', 'viewComplaints', 'viewFilings', 'viewSupervision', 'workInbox', 'workRectifications']);
  assert.deepEqual(menus('issuer'), ['issueResults', 'ratingPad', 'viewAgents', 'viewCases', 'workWindow']);
  assert.deepEqual(menus('agent'), ['intake', 'ratingPad', 'viewAgents', 'viewCases', 'workAsAgent', 'workWindow']);
  assert.deepEqual(menus('town_approver'), [
    'decideIntake',
    'handleComplaints',
    'intake',
    'issueResults',
    'prereview',
    'ratingPad',
    'respondAlerts',
    'viewAgents',
    'viewAlerts',
    'viewCases',
    'viewComplaints',
    'workInbox',
    'workRectifications',
    'workWindow',
  ]);
  assert.deepEqual(menus('supervisor'), [
    'closeAlerts',
    'decideAppeals',
    'dispatchComplaints',
    'receiveComplaints',
    'reviewFilings',
    'revisitRatings',
    'setReviewPolicy',
    'viewAgents',
    'viewAlerts',
    'viewAppointments',
    'viewAudit',
    'viewCases',
    'viewComplaints',
    'viewFilings',
    'viewHallStats',
    'viewNotifications',
    'viewQualityReport',
    'viewStaff',
    'viewSupervision',
  ]);
  assert.deepEqual(menus('admin'), [
    'manageApiKeys',
    'manageAppointments',
    'manageCatalog',
    'manageNotifications',
    'managePush',
    'manageStaff',
    'qualitySettings',
    'setReviewPolicy',
    'viewAgents',
    'viewAppointments',
    'viewAudit',
    'viewCases',
    'viewComplaints',
    'viewFilings',
    'viewHallStats',
    'viewNotifications',
    'viewOrganisation',
    'viewQualityReport',
    'viewStaff',
    'viewSupervision',
  ]);
  assert.deepEqual(Object.values(capabilitiesOf([])).filter(Boolean), [], 'no grant, no menu');
});
