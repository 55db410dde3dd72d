'use client';
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { fiveNumbers } from './metric-format';

export interface ChartGroup {
  name: string;
  /** One value per case that has the metric defined. */
  values: { caseKey: string; value: number }[];
}

/** A deterministic jitter in [-0.15, 0.15] (golden-ratio steps) so strip points of one label do not sit on one line. */
const jitter = (i: number) => (((i * 0.618034) % 1) - 0.5) * 0.3;

/**
 * One metric over cases: a box (min, quartiles, max) per label with every case as a point of
 * the strip beside it; echarts, loaded in the browser only (canvas renderer).
 */
export function MetricChart({ title, groups, testId }: { title: string; groups: ChartGroup[]; testId: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | null = null;
    const onResize = () => chart?.resize();
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !host.current) return;
      const c = echarts.init(host.current, undefined, { renderer: 'canvas' });
      chart = c;
      const option: EChartsCoreOption = {
        animation: false,
        grid: { left: 56, right: 12, top: 12, bottom: 28 },
        tooltip: { trigger: 'item' },
        xAxis: [
          { type: 'category', data: groups.map((g) => g.name) },
          // The strip's own axis, aligned with the categories' centres, so points can be jittered.
          { type: 'value', min: -0.5, max: groups.length - 0.5, show: false },
        ],
        yAxis: { type: 'value', scale: true, axisLine: { onZero: false } },
        series: [
          { name: 'box', type: 'boxplot', data: groups.map((g) => fiveNumbers(g.values.map((v) => v.value)) ?? []), itemStyle: { color: '#e0f2fe', borderColor: '#0369a1' } },
          {
            name: 'cases',
            type: 'scatter',
            symbolSize: 7,
            itemStyle: { color: '#db2777', opacity: 0.8 },
            data: groups.flatMap((g, gi) => g.values.map((v, i) => ({ value: [gi + jitter(i), v.value], name: v.caseKey }))),
            xAxisIndex: 1,
            encode: { x: 0, y: 1 },
          },
        ],
      };
      c.setOption(option);
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [groups, title]);
  return <div ref={host} className="h-56 w-full" data-testid={testId} role="img" aria-label={`${title} per label: box plot and cases`} />;
}
