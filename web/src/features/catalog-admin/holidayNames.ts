/**
 * Names of the national holidays and make-up days (国庆节, 春节…) for the calendar screen, from the
 * same `chinese-days` data the server counts with. The server's calendar answer carries the dates
 * only; years administrators enter themselves have no names here, and show 休/班 alone.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Label } from './labels.ts';

const table = data as { holidays: Record<string, string>; workdays: Record<string, string> };

function parse(entry: string | undefined): Label | undefined {
  // Entries read "National Day,国庆节,3": English, Chinese, the holiday's length.
  if (!entry) return undefined;
  const [en, zh] = entry.split(',');
  return en && zh ? { zh, en } : undefined;
}

/** The holiday a date belongs to, as a day off or as its make-up working day. */
export function holidayName(date: string): Label | undefined {
  return parse(table.holidays[date]) ?? parse(table.workdays[date]);
}
