import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addNaturalDays, addWorkingDays, isWorkingDay, workingDaysBetween, type CalendarData } from './calendar.ts';
import { AppError } from './errors.ts';

// The State Council's 2026 arrangements around National Day and Mid-Autumn (国办发明电〔2025〕7号).
const calendar: CalendarData = {
  holidays: new Set(['2026-09-25', '2026-09-26', '2026-09-27', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  makeUpWorkdays: new Set(['2026-09-20', '2026-10-10']),
  knownYears: new Set([2026]),
  overrides: new Map(),
};

test('the day of acceptance is not counted: one working day after a Monday is Tuesday', () => {
  assert.equal(addWorkingDays(calendar, '2026-11-23', 1), '2026-11-24');
  assert.equal(addWorkingDays(calendar, '2026-11-23', 0), '2026-11-23');
});

test('weekends are skipped, so five working days after a Friday end the next Friday', () => {
  assert.equal(addWorkingDays(calendar, '2026-11-20', 5), '2026-11-27');
});

test('the National Day holiday is skipped and the make-up Saturday counts', () => {
  assert.equal(isWorkingDay(calendar, '2026-10-10'), true, 'Saturday 10 October is a make-up working day');
  assert.equal(isWorkingDay(calendar, '2026-10-05'), false);
  // Accepted on Wednesday 30 September: the 1st working day is Thursday 8 October, the 3rd Saturday 10 October.
  assert.equal(addWorkingDays(calendar, '2026-09-30', 1), '2026-10-08');
  assert.equal(addWorkingDays(calendar, '2026-09-30', 3), '2026-10-10');
  assert.equal(workingDaysBetween(calendar, '2026-09-30', '2026-10-12'), 4);
});

test('a local override wins: a typhoon day off, or a Saturday opened for 5+X service', () => {
  const local: CalendarData = {
    ...calendar,
    overrides: new Map([
      ['2026-11-24', false],
      ['2026-11-28', true],
    ]),
  };
  assert.equal(addWorkingDays(local, '2026-11-23', 1), '2026-11-25');
  assert.equal(addWorkingDays(local, '2026-11-26', 2), '2026-11-28');
});

test('a natural-day period that ends on a day off ends on the next working day (民法典 第203条)', () => {
  assert.equal(addNaturalDays(calendar, '2026-11-23', 10), '2026-12-03');
  // 28 September + 7 days = 5 October, inside the holiday: the period ends Thursday 8 October.
  assert.equal(addNaturalDays(calendar, '2026-09-28', 7), '2026-10-08');
});

test('a year whose arrangements are unknown is reported, never guessed', () => {
  assert.throws(
    () => addWorkingDays(calendar, '2026-12-28', 10),
    (error: unknown) => error instanceof AppError && error.code === 'CALENDAR_UNKNOWN' && /2027 年/.test(error.messageZh),
  );
  // An administrator's entry for a day of that year is still honoured on its own.
  const withOverride: CalendarData = { ...calendar, overrides: new Map([['2027-01-04', true]]) };
  assert.equal(isWorkingDay(withOverride, '2027-01-04'), true);
});
