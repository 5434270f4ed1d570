import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classWaitOption, dayTrendOption, fillDays, formatMinutes, lastDays, noShowRate, rangeProblem, windowServiceOption, type ClassFigures, type DayFigures, type Figures, type WindowFigures } from './model.ts';

const figures = (over: Partial<Figures> = {}): Figures => ({
  issued: 0,
  called: 0,
  served: 0,
  noShows: 0,
  transfers: 0,
  waitMedian: null,
  waitP90: null,
  serviceMedian: null,
  serviceP90: null,
  ...over,
});

test('the default range is the last seven days including today, across a month end', () => {
  assert.deepEqual(lastDays('2026-12-03', 7), { from: '2026-11-27', to: '2026-12-03' });
  assert.deepEqual(lastDays('2026-12-03', 1), { from: '2026-12-03', to: '2026-12-03' });
});

test('a range must run forwards and stay within a year', () => {
  assert.equal(rangeProblem({ from: '2026-11-01', to: '2026-11-30' }), undefined);
  assert.equal(rangeProblem({ from: '2026-11-30', to: '2026-11-01' }), 'order');
  assert.equal(rangeProblem({ from: '2025-11-29', to: '2026-11-30' }), 'tooLong');
  assert.equal(rangeProblem({ from: '2025-11-30', to: '2026-11-30' }), undefined);
});

test('days without tickets show as zero, in order', () => {
  const rows: DayFigures[] = [
    { day: '2026-11-25', ...figures({ issued: 7, waitMedian: 4 }) },
    { day: '2026-11-23', ...figures({ issued: 3 }) },
  ];
  const days = fillDays(rows, { from: '2026-11-22', to: '2026-11-25' });
  assert.deepEqual(
    days.map((d) => [d.day, d.issued]),
    [
      ['2026-11-22', 0],
      ['2026-11-23', 3],
      ['2026-11-24', 0],
      ['2026-11-25', 7],
    ],
  );
  assert.equal(days[2]!.waitMedian, null);
});

test('minutes show one decimal at most, a dash when nothing was measured', () => {
  assert.equal(formatMinutes(12.345), '12.3');
  assert.equal(formatMinutes(3), '3');
  assert.equal(formatMinutes(0), '0');
  assert.equal(formatMinutes(null), '—');
  assert.equal(noShowRate({ called: 8, noShows: 2 }), 25);
  assert.equal(noShowRate({ called: 0, noShows: 0 }), null);
});

test('the class chart puts median and 90th percentile side by side for each class that was measured', () => {
  const rows: ClassFigures[] = [
    { classId: '1', code: 'A', name: '综合受理', ...figures({ waitMedian: 5.26, waitP90: 18 }) },
    { classId: '2', code: 'B', name: '市场准入', ...figures() },
    { classId: '3', code: 'D', name: '社会事务', ...figures({ waitMedian: 0, waitP90: 2 }) },
  ];
  const option = classWaitOption(rows, { median: '中位数', p90: '90分位', unit: '分钟' });
  assert.deepEqual((option.xAxis as { data: string[] }).data, ['A 综合受理', 'D 社会事务']);
  const series = option.series as { name: string; data: (number | null)[] }[];
  assert.deepEqual(
    series.map((s) => s.name),
    ['中位数', '90分位'],
  );
  assert.deepEqual(series[0]!.data, [5.3, 0]);
  assert.deepEqual(series[1]!.data, [18, 2]);
});

test('windows are charted in number order with their service times', () => {
  const rows: WindowFigures[] = [
    { windowId: 'b', number: 6, name: '社会事务', ...figures({ serviceMedian: 12 }) },
    { windowId: 'a', number: 2, name: '市场准入', ...figures({ serviceMedian: 8, serviceP90: 20 }) },
  ];
  const option = windowServiceOption(rows, { median: 'median', p90: 'p90', unit: 'min', windowLabel: (w) => `${w.number}号` });
  assert.deepEqual((option.xAxis as { data: string[] }).data, ['2号', '6号']);
  assert.deepEqual((option.series as { data: (number | null)[] }[])[0]!.data, [8, 12]);
});

test('the day chart draws the wait on its own axis', () => {
  const days: DayFigures[] = [{ day: '2026-11-23', ...figures({ issued: 10, served: 8, waitMedian: 6 }) }];
  const option = dayTrendOption(days, { issued: '取号', served: '办结', waitMedian: '等候中位数', count: '人次', unit: '分钟' });
  const series = option.series as { name: string; yAxisIndex?: number; data: (number | null)[] }[];
  assert.deepEqual((option.xAxis as { data: string[] }).data, ['11-23']);
  assert.deepEqual(
    series.map((s) => [s.name, s.yAxisIndex ?? 0, s.data[0]]),
    [
      ['取号', 0, 10],
      ['办结', 0, 8],
      ['等候中位数', 1, 6],
    ],
  );
});
