'use client';
import { useMemo } from 'react';
import { METRIC_NAMES, type MetricName } from '../../../domain/evaluation/types';
import { MetricChart, type ChartGroup } from './metric-chart';
import { METRIC_LABEL } from './metric-format';
import type { CaseRow } from './use-report';

/** One box + strip chart per metric, a box per label, a point per scored case. */
export function MetricCharts({ cases, labels }: { cases: CaseRow[]; labels: { label: number; name: string }[] }) {
  const byMetric = useMemo(() => {
    const out = {} as Record<MetricName, ChartGroup[]>;
    for (const metric of METRIC_NAMES) {
      out[metric] = labels.map((l) => ({
        name: l.name,
        values: cases.flatMap((c) => {
          const v = c.metrics.find((m) => m.label === l.label)?.[metric];
          return typeof v === 'number' && Number.isFinite(v) ? [{ caseKey: c.caseKey, value: v }] : [];
        }),
      }));
    }
    return out;
  }, [cases, labels]);
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="metric-charts">
      {METRIC_NAMES.map((m) => (
        <div key={m} className="rounded-md border border-slate-100 p-2">
          <p className="px-1 text-xs font-medium text-slate-600">{METRIC_LABEL[m]}</p>
          <MetricChart title={METRIC_LABEL[m]} groups={byMetric[m]} testId={`chart-${m}`} />
        </div>
      ))}
    </div>
  );
}
