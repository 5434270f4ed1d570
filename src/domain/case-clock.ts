/**
 * The case clock (DESIGN §7): due dates counted from the day after acceptance, pauses that move
 * them by the paused days, and the yellow / red warning levels.
 */
import type { DayUnit } from './catalog.ts';
import { addNaturalDays, addWorkingDays, addDays, workingDaysBetween, type CalendarData } from './calendar.ts';

/** The end of a limit of `days` in `unit` counted after `from`. */
export function limitEnd(calendar: CalendarData, from: string, days: number, unit: DayUnit): string {
  return unit === 'working' ? addWorkingDays(calendar, from, days) : addNaturalDays(calendar, from, days);
}

/** Days the clock stood still from `since` (the pause day) to `until` (the resume day), in `unit`. */
export function pausedDays(calendar: CalendarData, since: string, until: string, unit: DayUnit): number {
  if (until <= since) return 0;
  if (unit === 'natural') return Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000);
  return workingDaysBetween(calendar, since, until);
}

/**
 * The days a case took, as its limit counts them: from the day after `from` (acceptance) to the
 * conclusion day, less the days its clock was paused; what the supervision averages compare with
 * the promised and the statutory limits.
 */
export function daysTaken(calendar: CalendarData, from: string, concluded: string, unit: DayUnit, paused: number): number {
  return Math.max(pausedDays(calendar, from, concluded, unit) - paused, 0);
}

/** A due date moved by a pause of `days` in `unit`. */
export function shiftDue(calendar: CalendarData, due: string, days: number, unit: DayUnit): string {
  if (days <= 0) return due;
  return unit === 'working' ? addWorkingDays(calendar, due, days) : addDays(due, days);
}

/**
 * A public notice (公示) of `days` natural days posted on `posted`: like any limit it is counted from
 * the next day, and it ends on the `days`-th calendar day, weekends and holidays included (a notice
 * runs for the public, not the office). It is not part of the case's limit (行政许可法 第45条), so
 * the limit is extended by what the notice covers in the limit's own unit: the working days from
 * the day after posting to the end (none for the holidays inside it), or its natural days. The
 * decision may be taken from `decideFrom`, the day after the notice ends.
 */
export function publicityPeriod(calendar: CalendarData, posted: string, days: number, unit: DayUnit): { end: string; decideFrom: string; extension: number } {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('a public notice lasts at least one natural day');
  const end = addDays(posted, days);
  return { end, decideFrom: addDays(end, 1), extension: pausedDays(calendar, posted, end, unit) };
}

export interface WarningPolicy {
  /** Yellow when this share of the limit or less is left. */
  percent: number;
  /** Yellow when this many working days or fewer are left. */
  days: number;
}

export const defaultWarningPolicy: WarningPolicy = { percent: 20, days: 2 };

export type WarningLevel = 'none' | 'yellow' | 'red';

/**
 * Red when `today` is past the due date; yellow when the working days left (today excluded, the
 * due date included) are at most `policy.days` or at most `policy.percent` of the limit.
 */
export function warningLevel(calendar: CalendarData, today: string, due: string, limitDays: number, policy: WarningPolicy = defaultWarningPolicy): WarningLevel {
  if (today > due) return 'red';
  const left = workingDaysBetween(calendar, today, due);
  if (left <= policy.days || left <= (limitDays * policy.percent) / 100) return 'yellow';
  return 'none';
}

export const warningLabels: Record<WarningLevel, { zh: string; en: string }> = {
  none: { zh: '正常', en: 'On time' },
  yellow: { zh: '黄灯预警', en: 'Due soon' },
  red: { zh: '红灯超期', en: 'Overdue' },
};
