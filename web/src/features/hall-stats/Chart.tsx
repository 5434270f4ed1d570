/**
 * An ECharts chart on a div: created once, given each new option, resized with its box (window
 * resize, a folded side menu) and disposed on unmount. Only the charts and components the hall
 * statistics use are registered, to keep the chunk small.
 *
 * @example
 * <Chart option={classWaitOption(rows, words)} height={300} testId="chart-by-class" />
 */
import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from './model.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartProps {
  option: ChartOption;
  height?: number;
  testId?: string;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label?: string;
}

export function Chart({ option, height = 300, testId, label }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
    observer?.observe(element);
    return () => {
      window.removeEventListener('resize', resize);
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // A new option replaces the old one whole, so series that went away do not linger.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} data-testid={testId} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
