/**
 * 督查驾驶舱 on the web: the shapes of /api/supervision/*, the period in the address, and the chart
 * options built from the answers (pure, so they can be read without a canvas).
 */
import type { BreakdownDto, CaseFiguresDto, DrillPageDto, OverviewDto } from '../../../../src/http/contracts/supervision.ts';
import type { ChartOption } from '../hall-stats/model.ts';

export type Overview = OverviewDto;
export type Breakdown = BreakdownDto;
export type BreakdownRow = Breakdown['rows'][number];
export type DrillPage = DrillPageDto;
export type CaseFigures = CaseFiguresDto;
export type DrillFigure = 'received' | 'concluded' | 'late' | 'not_zero_visit' | 'extra_visit' | 'instant' | 'red' | 'yellow' | 'deferred_overdue' | 'corrections';

export interface Period {
  region: string;
  from: string;
  to: string;
  department: string | null;
}

export const isMonth = (value: string | null): value is string => value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The month `n` months before `month` (YYYY-MM). */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function query(p: Period, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ region: p.region, from: p.from, to: p.to, ...(p.department ? { department: p.department } : {}), ...extra });
  return q.toString();
}

export const supervisionApi = {
  overview: (p: Period) => `/api/supervision/overview?${query(p)}`,
  breakdown: (p: Period, by: Breakdown['by']) => `/api/supervision/breakdown?${query(p, { by })}`,
  cases: (p: Period, figure: DrillFigure, item: string | null, cursor: string | null) => `/api/supervision/cases?${query(p, { figure, ...(item ? { item } : {}), ...(cursor ? { cursor } : {}) })}`,
  exportPath: (p: Period) => `/api/supervision/export?${query(p)}`,
};

export const formatRate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
export const formatDays = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

const colors = ['#1f5fbf', '#f5a623', '#3bb273', '#d64545', '#7a4fbf'];

/** Monthly shares as lines, received as bars on a second axis. */
export function trendOption(o: Overview, words: { zeroVisit: string; atMostOne: string; onTime: string; instant: string; received: string }): ChartOption {
  const months = o.trend.map((m) => m.month);
  const line = (name: string, pick: (f: CaseFigures) => number | null) => ({ name, type: 'line' as const, data: o.trend.map((m) => pick(m.figures)), connectNulls: true });
  return {
    color: colors,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 40, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', splitLine: { show: false } },
    ],
    series: [
      line(words.zeroVisit, (f) => f.zeroVisitRate),
      line(words.atMostOne, (f) => f.atMostOneVisitRate),
      line(words.onTime, (f) => f.onTimeRate),
      line(words.instant, (f) => f.instantRate),
      { name: words.received, type: 'bar', yAxisIndex: 1, data: o.trend.map((m) => m.figures.received), barMaxWidth: 24, itemStyle: { opacity: 0.35 } },
    ],
  } as ChartOption;
}

/** Horizontal bars of a breakdown's rows (the first `top`). */
export function barOption(rows: { label: string; values: number[] }[], names: string[], top = 10): ChartOption {
  const shown = rows.slice(0, top).reverse();
  return {
    color: colors,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: names.length > 1 ? { top: 0 } : { show: false },
    grid: { left: 8, right: 24, top: names.length > 1 ? 28 : 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: shown.map((r) => (r.label.length > 12 ? `${r.label.slice(0, 12)}…` : r.label)) },
    series: names.map((name, i) => ({ name, type: 'bar' as const, data: shown.map((r) => r.values[i] ?? 0), barMaxWidth: 16 })),
  } as ChartOption;
}
