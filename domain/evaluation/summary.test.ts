import { describe, expect, it } from 'vitest';
import { boundedResamples, REPORT_BOOTSTRAP_DRAWS, summarise } from './aggregate';
import { summariseCases } from './summary';
import { METRIC_NAMES, type LabelMetrics } from './types';

const metricsOf = (label: number, c: number): LabelMetrics => {
  const d = ((c * 7919 + label * 104729) % 1000) / 1000;
  return { label, dice: d, hd95Mm: 1 + d, assdMm: d / 2, surfaceDice: d, volumeRefMl: 1, volumePredMl: 1 + d, volumeDiffMl: d, refEmpty: false, predEmpty: false, refVoxels: 10, predVoxels: 10, refSurfaceVoxels: 5, predSurfaceVoxels: 5 };
};

describe('summariseCases: the bootstraps of one evaluation are bounded together', () => {
  it('small evaluations keep the requested 2000 resamples', () => {
    expect(boundedResamples(3 * METRIC_NAMES.length, 20)).toBe(2000);
  });

  it('many labels x many cases: fewer resamples (at least 100), the total within REPORT_BOOTSTRAP_DRAWS', () => {
    const labels = Array.from({ length: 64 }, (_, i) => ({ label: i + 1, name: `l${i + 1}` }));
    const cases = Array.from({ length: 500 }, (_, c) => ({ metrics: labels.map((l) => metricsOf(l.label, c)) }));
    const resamples = boundedResamples(labels.length * METRIC_NAMES.length, cases.length);
    expect(resamples).toBeLessThan(2000);
    expect(resamples).toBeGreaterThanOrEqual(100);
    expect(resamples * labels.length * METRIC_NAMES.length * cases.length).toBeLessThanOrEqual(REPORT_BOOTSTRAP_DRAWS);
    const [first] = summariseCases(cases, labels, { seed: 1 });
    expect(first.metrics.dice).toEqual(summarise(cases.map((c) => c.metrics[0].dice), { seed: 1, resamples }));
    expect(boundedResamples(256 * METRIC_NAMES.length, 100_000)).toBe(100);
  });
});
