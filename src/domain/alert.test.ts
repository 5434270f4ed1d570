import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeek, nextAlertState, possibleAlertActions, responseOverdue, returnsUnusual, subjectKey } from './alert.ts';

test('returns are unusual at 5 or more in the week and at least twice the weekly average of the 90 days before', () => {
  assert.equal(returnsUnusual(4, 0), false, 'fewer than 5 never');
  assert.equal(returnsUnusual(5, 0), true, 'no history: the minimum is enough');
  // 90 days of 26 returns: about 2 a week; 5 is above twice that (4.04), 4 would not be.
  assert.equal(returnsUnusual(5, 26), true);
  // 90 days of 39: about 3 a week; 6 is not twice 3.03.
  assert.equal(returnsUnusual(6, 39), false);
  assert.equal(returnsUnusual(7, 39), true);
});

test('the week of a China date, ISO 8601 (the year of its Thursday)', () => {
  assert.equal(isoWeek('2026-11-23'), '2026-W48');
  assert.equal(isoWeek('2026-11-29'), '2026-W48', 'Sunday ends the week');
  assert.equal(isoWeek('2026-11-30'), '2026-W49');
  assert.equal(isoWeek('2027-01-01'), '2026-W53', 'a Friday in the last week of 2026');
  assert.equal(isoWeek('2024-12-30'), '2025-W01');
});

test('the subject key: the case, the case and material, or the department and week', () => {
  assert.equal(subjectKey('case_red', { caseId: 'c1' }), 'c1');
  assert.equal(subjectKey('deferred_overdue', { caseId: 'c1', materialKey: 'lease' }), 'c1:lease');
  assert.equal(subjectKey('returns_unusual', { departmentId: 'd1', week: '2026-W48' }), 'd1:2026-W48');
});

test('an alert is responded to once and closed once; a supervisor may close it unanswered', () => {
  assert.deepEqual(possibleAlertActions('open'), ['respond', 'close']);
  assert.deepEqual(possibleAlertActions('responded'), ['close']);
  assert.deepEqual(possibleAlertActions('closed'), []);
  assert.equal(nextAlertState('responded', 'respond'), null);
  assert.equal(responseOverdue({ state: 'open', responseDue: '2026-11-25' }, '2026-11-26'), true);
  assert.equal(responseOverdue({ state: 'open', responseDue: '2026-11-25' }, '2026-11-25'), false, 'due that day: not yet late');
  assert.equal(responseOverdue({ state: 'responded', responseDue: '2026-11-25' }, '2026-12-01'), false);
});
