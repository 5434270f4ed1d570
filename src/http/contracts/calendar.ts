/** The working-day calendar (/api/calendar). */
import { z } from 'zod';
import { calendarDate } from './common.ts';

const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/);
const year = z.coerce.number().int().min(2000).max(2100);

export const dueDateQuery = z.strictObject({
  from: calendarDate,
  workingDays: z.coerce.number().int().min(0).max(3650).optional(),
  naturalDays: z.coerce.number().int().min(0).max(3650).optional(),
  regionCode: regionCode.optional(),
});
export const dueDateSchema = z.object({ dueDate: z.string() });

export const calendarQuery = z.strictObject({ regionCode, year });

export const calendarOverrideSchema = z.object({ regionCode: z.string(), date: z.string(), isWorkday: z.boolean(), note: z.string() });

/** A region's calendar for one year; overrides include those of the regions above it. */
export const regionCalendarSchema = z.object({
  holidays: z.array(z.string()),
  makeUpWorkdays: z.array(z.string()),
  overrides: z.array(calendarOverrideSchema),
  knownYears: z.array(z.number()),
});

export const overrideParams = z.strictObject({ regionCode, date: calendarDate });
export const setOverrideBody = z.strictObject({ isWorkday: z.boolean(), note: z.string().trim().max(200).default('') });

export const yearParams = z.strictObject({ regionCode, year });
export const publishYearBody = z.strictObject({ note: z.string().trim().max(500).default('') });
