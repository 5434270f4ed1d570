/**
 * 好差评 figures on screen (the public page and the staff report): the answer's shape (from the
 * server's contract), the month in China time, rates as text, and the levels bar's ECharts option.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { z } from 'zod';
import { ratingLevels, type RatingLevel } from '../../../../src/domain/rating.ts';
import type { qualityFiguresSchema, qualityReportSchema } from '../../../../src/http/contracts/quality-report.ts';

export type QualityReport = z.input<typeof qualityReportSchema>;
export type QualityFigures = z.input<typeof qualityFiguresSchema>;
export type LevelsOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export const qualityApi = {
  publicFigures: (region: string, month: string) => `/api/public/quality?region=${encodeURIComponent(region)}&month=${encodeURIComponent(month)}`,
  report: (region: string, month: string) => `/api/quality/report?region=${encodeURIComponent(region)}&month=${encodeURIComponent(month)}`,
  exportPath: (region: string, month: string) => `/api/quality/report/export?region=${encodeURIComponent(region)}&month=${encodeURIComponent(month)}`,
  upwardPath: (region: string, month: string, format: 'json' | 'csv') => `/api/quality/upward?region=${encodeURIComponent(region)}&month=${encodeURIComponent(month)}&format=${format}`,
};

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && monthPattern.test(value);
}

/** This month in China (UTC+8): `YYYY-MM`. */
export function currentMonth(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** The China date of an instant sent as ISO text: `YYYY-MM-DD`. */
export function chinaDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A rate as shown: `57.1%`, or `—` when there was nothing to count. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(1)}%`;
}

const levelColors: Record<RatingLevel, string> = {
  very_satisfied: '#237804',
  satisfied: '#52c41a',
  basic: '#1f5fbf',
  dissatisfied: '#fa8c16',
  very_dissatisfied: '#cf1322',
};

/** The five levels as one horizontal bar each, best first, coloured from green to red. */
export function levelsOption(figures: QualityFigures, label: (level: RatingLevel) => string): LevelsOption {
  const levels = [...ratingLevels].reverse();
  return {
    grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: levels.map(label), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        label: { show: true, position: 'right' },
        data: levels.map((level) => ({ value: figures.levels[level], itemStyle: { color: levelColors[level] } })),
      },
    ],
  };
}
