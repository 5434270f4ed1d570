/**
 * 大厅统计 on the web: the shape of `GET /api/centers/:id/hall-stats`, the date range, and the
 * chart options built from it (pure, so the tests read them without a canvas). Times are minutes;
 * `null` means nothing was measured.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { z } from 'zod';
import { addDays } from '../../../../src/domain/calendar.ts';
import type { figuresSchema, hallStatsSchema } from '../../../../src/http/contracts/hall.ts';

export type HallStats = z.input<typeof hallStatsSchema>;
export type Figures = z.input<typeof figuresSchema>;
export type ClassFigures = HallStats['byClass'][number];
export type WindowFigures = HallStats['byWindow'][number];
export type DayFigures = HallStats['byDay'][number];
export type LongWait = HallStats['longestWaiting'][number];

export interface DayRange {
  from: string;
  to: string;
}

export const statsPath = (centerId: string, range: DayRange) => `/api/centers/${centerId}/hall-stats?from=${range.from}&to=${range.to}`;

/** The last `days` days up to and including `today`. */
export function lastDays(today: string, days: number): DayRange {
  return { from: addDays(today, -(Math.max(1, days) - 1)), to: today };
}

/** The longest range the page asks for: a year, so the day chart stays readable. */
export const maxRangeDays = 366;

export type RangeProblem = 'order' | 'tooLong';

export function rangeProblem(range: DayRange): RangeProblem | undefined {
  if (range.from > range.to) return 'order';
  if (addDays(range.from, maxRangeDays) <= range.to) return 'tooLong';
  return undefined;
}

const noFigures: Figures = { issued: 0, called: 0, served: 0, noShows: 0, transfers: 0, waitMedian: null, waitP90: null, serviceMedian: null, serviceP90: null };

/** Every day of the range, in order; a day the hall had no tickets shows as zero (the server leaves it out). */
export function fillDays(byDay: readonly DayFigures[], range: DayRange): DayFigures[] {
  const known = new Map(byDay.map((d) => [d.day, d]));
  const days: DayFigures[] = [];
  for (let day = range.from, n = 0; day <= range.to && n < maxRangeDays; day = addDays(day, 1), n++) {
    days.push(known.get(day) ?? { day, ...noFigures });
  }
  return days;
}

/** Minutes as shown: one decimal at most, `—` when nothing was measured. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '—';
  return String(Math.round(minutes * 10) / 10);
}

/** The share of called tickets that were no-shows, as a whole percentage (`null` when none were called). */
export function noShowRate(figures: Pick<Figures, 'called' | 'noShows'>): number | null {
  return figures.called > 0 ? Math.round((figures.noShows / figures.called) * 100) : null;
}

// ---- Charts -----------------------------------------------------------------------------------

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export const chartColors = ['#1f5fbf', '#f5a623', '#3bb273'];

const rounded = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export interface PairWords {
  median: string;
  p90: string;
  /** The value axis name, e.g. "分钟". */
  unit: string;
}

function pairedBars(categories: string[], median: (number | null)[], p90: (number | null)[], words: PairWords): ChartOption {
  return {
    color: chartColors,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [words.median, words.p90] },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    // Long class names break onto a second line rather than hide each other.
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, width: Math.max(48, Math.min(120, Math.floor(640 / Math.max(1, categories.length)))), overflow: 'break' } },
    yAxis: { type: 'value', name: words.unit, minInterval: 1 },
    series: [
      { type: 'bar', name: words.median, data: median.map(rounded), barMaxWidth: 28 },
      { type: 'bar', name: words.p90, data: p90.map(rounded), barMaxWidth: 28 },
    ],
  };
}

/** Waiting time per class: median and 90th percentile side by side; classes with nothing measured are left out. */
export function classWaitOption(rows: readonly ClassFigures[], words: PairWords): ChartOption {
  const measured = rows.filter((r) => r.waitMedian !== null || r.waitP90 !== null);
  return pairedBars(
    measured.map((r) => `${r.code} ${r.name}`),
    measured.map((r) => r.waitMedian),
    measured.map((r) => r.waitP90),
    words,
  );
}

/** Service time per window: median and 90th percentile side by side; `windowLabel` names a window. */
export function windowServiceOption(rows: readonly WindowFigures[], words: PairWords & { windowLabel(row: WindowFigures): string }): ChartOption {
  const sorted = [...rows].sort((a, b) => a.number - b.number);
  return pairedBars(
    sorted.map((r) => words.windowLabel(r)),
    sorted.map((r) => r.serviceMedian),
    sorted.map((r) => r.serviceP90),
    words,
  );
}

export interface TrendWords {
  issued: string;
  served: string;
  waitMedian: string;
  /** Left axis: tickets. */
  count: string;
  /** Right axis: minutes. */
  unit: string;
}

/** Per day: tickets issued and served (left axis) and the median wait (right axis). */
export function dayTrendOption(days: readonly DayFigures[], words: TrendWords): ChartOption {
  return {
    color: chartColors,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [words.issued, words.served, words.waitMedian] },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: days.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', name: words.count, minInterval: 1 },
      { type: 'value', name: words.unit, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: words.issued, data: days.map((d) => d.issued), symbolSize: 6 },
      { type: 'line', name: words.served, data: days.map((d) => d.served), symbolSize: 6 },
      { type: 'line', name: words.waitMedian, yAxisIndex: 1, data: days.map((d) => rounded(d.waitMedian)), connectNulls: true, lineStyle: { type: 'dashed' }, symbolSize: 6 },
    ],
  };
}
