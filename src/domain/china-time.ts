/**
 * "Today in China": days, due dates and the times people read are China Standard Time (UTC+8, no
 * daylight saving), whatever the server's own zone. The one place that knows the offset.
 */

const offsetMs = 8 * 3_600_000;

/** The wall clock in China at `at`, as `YYYY-MM-DDTHH:MM:SS.sssZ` read without its `Z`. */
function wallClock(at: Date): string {
  return new Date(at.getTime() + offsetMs).toISOString();
}

/** The date in China at `at`: `YYYY-MM-DD`. */
export function chinaDate(at: Date): string {
  return wallClock(at).slice(0, 10);
}

/** The instant a day (`YYYY-MM-DD`) begins in China. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The day in China that `at` falls in, as the instants it begins and ends (exclusive). */
export function chinaDay(at: Date): { from: Date; to: Date } {
  const from = chinaDayStart(chinaDate(at));
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The time of day in China at `at`: `HH:MM`, or `HH:MM:SS` with `seconds`. */
export function chinaClock(at: Date, options: { seconds?: boolean } = {}): string {
  return wallClock(at).slice(11, options.seconds ? 19 : 16);
}

/** The date and time in China at `at`, to the minute: `YYYY-MM-DD HH:MM`. */
export function chinaDateTime(at: Date): string {
  return `${chinaDate(at)} ${chinaClock(at)}`;
}
