import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarData } from './calendar.ts';
import { limitEnd, pausedDays, publicityPeriod, shiftDue, warningLevel } from './case-clock.ts';

const calendar: CalendarData = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  makeUpWorkdays: new Set(['2026-10-10']),
  knownYears: new Set([2026]),
  overrides: new Map(),
};

test('a 20-working-day limit accepted on Monday 2026-11-02 ends on Monday 2026-11-30', () => {
  assert.equal(limitEnd(calendar, '2026-11-02', 20, 'working'), '2026-11-30');
  assert.equal(limitEnd(calendar, '2026-11-02', 7, 'natural'), '2026-11-09');
});

test('a pause from Friday to the next Wednesday stands the clock still for 3 working days and moves the due date by 3', () => {
  assert.equal(pausedDays(calendar, '2026-11-06', '2026-11-11', 'working'), 3);
  assert.equal(shiftDue(calendar, '2026-11-30', 3, 'working'), '2026-12-03');
  assert.equal(pausedDays(calendar, '2026-11-06', '2026-11-06', 'working'), 0);
  assert.equal(pausedDays(calendar, '2026-11-06', '2026-11-11', 'natural'), 5);
});

test('yellow when two working days or a fifth of the limit are left, red the day after the due date', () => {
  assert.equal(warningLevel(calendar, '2026-11-20', '2026-11-30', 20), 'none'); // 6 left
  assert.equal(warningLevel(calendar, '2026-11-25', '2026-11-30', 20), 'yellow'); // 3 left ≤ 20% of 20 = 4
  assert.equal(warningLevel(calendar, '2026-11-26', '2026-11-30', 5), 'yellow'); // 2 left
  assert.equal(warningLevel(calendar, '2026-11-30', '2026-11-30', 5), 'yellow'); // the due day itself
  assert.equal(warningLevel(calendar, '2026-12-01', '2026-11-30', 5), 'red');
});

test('a 7-day public notice counts natural days and extends a working-day limit by the working days it covers', () => {
  // Posted Friday 2026-11-06: runs Saturday to Friday 11-13, decided from Saturday 11-14; Monday to Friday are 5 working days.
  assert.deepEqual(publicityPeriod(calendar, '2026-11-06', 7, 'working'), { end: '2026-11-13', decideFrom: '2026-11-14', extension: 5 });
  // Over 国庆 the notice still runs its 7 calendar days, but the holiday costs the working-day limit nothing.
  assert.deepEqual(publicityPeriod(calendar, '2026-09-30', 7, 'working'), { end: '2026-10-07', decideFrom: '2026-10-08', extension: 0 });
  // The make-up Saturday 10-10 is a working day the notice covers.
  assert.equal(publicityPeriod(calendar, '2026-10-08', 7, 'working').extension, 6);
  // A natural-day limit is extended by the notice's own days.
  assert.equal(publicityPeriod(calendar, '2026-11-06', 7, 'natural').extension, 7);
  // A case due Monday 11-30 whose notice was posted 11-06 is due 5 working days later.
  assert.equal(shiftDue(calendar, '2026-11-30', publicityPeriod(calendar, '2026-11-06', 7, 'working').extension, 'working'), '2026-12-07');
  assert.throws(() => publicityPeriod(calendar, '2026-11-06', 0, 'working'), RangeError);
});
