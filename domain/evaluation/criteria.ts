import { HIGHER_IS_BETTER, RANK_BY_MAGNITUDE } from './metrics';
import type { Criterion, CriterionResult, LabelSummary, Statistic, Summary } from './types';

/** The figure a criterion reads off one metric's summary (null: not defined, e.g. n = 0). */
export function statisticOf(s: Summary, statistic: Statistic): number | null {
  switch (statistic) {
    case 'mean':
      return s.mean;
    case 'median':
      return s.median;
    case 'ci95Low':
      return s.ci95?.[0] ?? null;
    case 'ci95High':
      return s.ci95?.[1] ?? null;
  }
}

/**
 * Decides every criterion against the summaries of the evaluations, keyed by dataset version
 * (null: that evaluation did not succeed). Higher-is-better metrics (dice, surface dice) pass at
 * value >= threshold, distances at value <= threshold, the signed volume difference at
 * |value| <= threshold. A value that is not there (no evaluation, label or figure) fails.
 */
export function checkCriteria(criteria: readonly Criterion[], summaries: Readonly<Record<string, readonly LabelSummary[] | null>>): CriterionResult[] {
  return criteria.map((c) => {
    const label = summaries[c.datasetVersionId]?.find((l) => l.label === c.label);
    const raw = label ? statisticOf(label.metrics[c.metric], c.statistic) : null;
    const value = raw === null ? null : RANK_BY_MAGNITUDE[c.metric] ? Math.abs(raw) : raw;
    const passed = value !== null && (HIGHER_IS_BETTER[c.metric] ? value >= c.threshold : value <= c.threshold);
    return { ...c, value, passed };
  });
}

export const failingCriteria = (results: readonly CriterionResult[]) => results.filter((r) => !r.passed);
