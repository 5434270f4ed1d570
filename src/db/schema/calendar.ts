/** The working-day calendar that deadlines count in. */
import type { Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface CalendarOverridesTable {
  region_code: string;
  date: string;
  is_workday: boolean;
  note: Generated<string>;
  updated_at: Timestamp;
}

export interface CalendarYearsTable {
  region_code: string;
  year: number;
  note: Generated<string>;
  published_at: Timestamp;
}
