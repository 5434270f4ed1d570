import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarData } from './calendar.ts';
import { nextRectificationState, pendingStep, possibleRectificationActions, rectificationWarning, rectifiedOnTime, shiftAfterPause } from './rectification.ts';

const calendar: CalendarData = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05']), makeUpWorkdays: new Set(), knownYears: new Set([2026]), overrides: new Map() };
const settings = { reportBackDays: 5, rectifyDays: 15, revisitDays: 5 };

test('the state table: triage, report, revisit (not when anonymous), close, appeal and its verdicts', () => {
  const f = (state: Parameters<typeof nextRectificationState>[0]['state'], anonymous = false, reRated = false) => ({ state, anonymous, reRated });
  assert.deepEqual(possibleRectificationActions(f('open')), ['triage', 'appeal']);
  assert.deepEqual(possibleRectificationActions(f('triaged')), ['report', 'appeal']);
  assert.deepEqual(possibleRectificationActions(f('reported')), ['revisit', 'appeal']);
  assert.deepEqual(possibleRectificationActions(f('reported', true)), ['close', 'appeal']);
  assert.deepEqual(possibleRectificationActions(f('revisited')), ['re_rate', 'close']);
  assert.deepEqual(possibleRectificationActions(f('revisited', false, true)), ['close']);
  assert.deepEqual(possibleRectificationActions(f('closed')), ['re_rate']);
  assert.deepEqual(possibleRectificationActions(f('annulled')), []);
  assert.deepEqual(possibleRectificationActions(f('appealed'), 'triaged'), ['uphold', 'reject']);
  assert.equal(nextRectificationState(f('appealed'), 'reject', 'triaged'), 'triaged');
  assert.equal(nextRectificationState(f('appealed'), 'uphold'), 'annulled');
});

test('the step waited for and its warning: red once its date has passed, none under appeal', () => {
  const task = { triage: null, anonymous: false, reportDue: '2026-10-09', rectifyDue: '2026-10-23', revisitDue: null };
  const open = pendingStep({ ...task, state: 'open' }, settings)!;
  assert.deepEqual(open, { step: 'report', due: '2026-10-09', limitDays: 5 });
  assert.equal(rectificationWarning(calendar, '2026-10-09', open), 'yellow');
  assert.equal(rectificationWarning(calendar, '2026-10-12', open), 'red');
  assert.equal(rectificationWarning(calendar, '2026-09-25', open), 'none');
  assert.equal(pendingStep({ ...task, state: 'triaged', triage: 'ledger' }, settings)!.due, '2026-10-23');
  assert.equal(pendingStep({ ...task, state: 'appealed' }, settings), null);
  assert.equal(pendingStep({ ...task, state: 'reported', anonymous: true, revisitDue: null }, settings), null);
});

test('a pause moves the deadlines not yet met by the working days it lasted', () => {
  const shifted = shiftAfterPause(calendar, { reportDue: '2026-10-09', rectifyDue: '2026-10-23', revisitDue: null }, '2026-09-30', '2026-10-07', { reported: false, revisited: false });
  // (30 Sep, 7 Oct]: 1 off, 2 off, 3–4 weekend, 5 off, 6 and 7 working: 2 days.
  assert.equal(shifted.pausedDays, 2);
  assert.deepEqual([shifted.reportDue, shifted.rectifyDue], ['2026-10-13', '2026-10-27']);
  const met = shiftAfterPause(calendar, { reportDue: '2026-10-09', rectifyDue: '2026-10-23', revisitDue: '2026-10-16' }, '2026-09-30', '2026-10-07', { reported: true, revisited: false });
  assert.deepEqual([met.reportDue, met.rectifyDue, met.revisitDue], ['2026-10-09', '2026-10-23', '2026-10-20']);
});

test('rectified on time: reported by the rectify date, whatever the triage', () => {
  const due = { rectifyDue: '2026-10-23' };
  assert.equal(rectifiedOnTime('2026-10-20', due), true);
  assert.equal(rectifiedOnTime('2026-10-23', due), true);
  assert.equal(rectifiedOnTime('2026-10-26', due), false);
});
