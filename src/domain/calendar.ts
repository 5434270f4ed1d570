/**
 * Working-day arithmetic (工作日). Weekends are off, national holidays are off, make-up working days
 * (调休) are on, and local overrides win over all of them. Counting never includes the starting day
 * (民法典 第201条): the due date of N working days is the N-th working day after it. A period in
 * natural days that ends on a day off ends on the next working day instead (民法典 第203条).
 * A date in a year whose arrangements are not known is reported, never guessed.
 *
 * Dates are `YYYY-MM-DD` strings; arithmetic runs in UTC so no time zone can move a day.
 */
import { AppError } from './errors.ts';

export interface CalendarData {
  /** Days off by national arrangement (法定节假日 and the weekend days folded into them). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days by arrangement (调休上班). */
  makeUpWorkdays: ReadonlySet<string>;
  /** Years whose arrangements are known (published by the State Council, or entered by an administrator). */
  knownYears: ReadonlySet<number>;
  /** Local decisions: date → working day or not. They win over everything else. */
  overrides: ReadonlyMap<string, boolean>;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function assertKnown(calendar: CalendarData, date: string): void {
  const year = Number(date.slice(0, 4));
  if (!calendar.knownYears.has(year)) {
    throw new AppError(
      'CALENDAR_UNKNOWN',
      {
        zh: `${year} 年的节假日安排尚未公布或未录入,无法按工作日计算(${date});请管理员在工作日历中录入该年安排`,
        en: `The holiday arrangements of ${year} are not known yet (${date}); an administrator must enter them in the calendar`,
      },
      { year, date },
    );
  }
}

/** Whether `date` is a working day; throws CALENDAR_UNKNOWN for a year the calendar does not know. */
export function isWorkingDay(calendar: CalendarData, date: string): boolean {
  const override = calendar.overrides.get(date);
  if (override !== undefined) return override;
  assertKnown(calendar, date);
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return isoWeekday(date) <= 5;
}

/**
 * The N-th working day after `from` (`from` itself never counts). N = 0 gives `from`.
 *
 * @example
 * addWorkingDays(calendar, '2026-09-30', 1); // '2026-10-09': the National Day holiday is skipped
 */
export function addWorkingDays(calendar: CalendarData, from: string, workingDays: number): string {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError('workingDays must be a non-negative integer');
  let date = from;
  let left = workingDays;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(calendar, date)) left--;
  }
  return date;
}

/** `from` plus N calendar days; a period ending on a day off ends on the next working day. */
export function addNaturalDays(calendar: CalendarData, from: string, naturalDays: number): string {
  if (!Number.isInteger(naturalDays) || naturalDays < 0) throw new RangeError('naturalDays must be a non-negative integer');
  let date = addDays(from, naturalDays);
  if (naturalDays === 0) return date;
  while (!isWorkingDay(calendar, date)) date = addDays(date, 1);
  return date;
}

/** Working days in (from, to]: how many working days pass between two dates (0 when to ≤ from). */
export function workingDaysBetween(calendar: CalendarData, from: string, to: string): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(calendar, date)) count++;
  }
  return count;
}
