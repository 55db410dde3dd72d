import { summarise, type BootstrapOptions } from './aggregate';
import { METRIC_NAMES, type LabelMetrics, type LabelSummary, type MetricName, type Summary } from './types';

/** The labels an evaluation scores: every pipeline label of the dataset's mapping but background (0), ascending. */
export function mappedLabels(mapping: { entries: readonly { label: number }[]; names: Record<string, string> }): { label: number; name: string }[] {
  const labels = [...new Set(mapping.entries.map((e) => e.label).filter((l) => l !== 0))].sort((a, b) => a - b);
  return labels.map((label) => ({ label, name: mapping.names[String(label)] ?? `label ${label}` }));
}

/**
 * Per label, every metric summarised over the cases that have metrics (the succeeded ones). A
 * value undefined for a case (null) is left out of n and counted in undefinedCount.
 */
export function summariseCases(cases: readonly { metrics: readonly LabelMetrics[] }[], labels: readonly { label: number; name: string }[], opts: BootstrapOptions = {}): LabelSummary[] {
  return labels.map(({ label, name }) => {
    const rows = cases.map((c) => c.metrics.find((m) => m.label === label)).filter((m): m is LabelMetrics => m !== undefined);
    const metrics = {} as Record<MetricName, Summary>;
    const undefinedCount = {} as Record<MetricName, number>;
    for (const metric of METRIC_NAMES) {
      metrics[metric] = summarise(rows.map((r) => r[metric]), opts);
      undefinedCount[metric] = metrics[metric].missing;
    }
    return { label, name, metrics, undefinedCount };
  });
}

/** Mean Dice over the labels a case has (null when none is defined): the report's worst-first key. */
export function meanDice(metrics: readonly LabelMetrics[]): number | null {
  const d = metrics.map((m) => m.dice).filter((x): x is number => x !== null);
  return d.length ? d.reduce((a, b) => a + b, 0) / d.length : null;
}
