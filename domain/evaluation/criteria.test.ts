import { describe, expect, it } from 'vitest';
import { checkCriteria, failingCriteria } from './criteria';
import { csvRecord } from './csv';
import { summariseCases } from './summary';
import type { Criterion, LabelMetrics } from './types';

const m = (label: number, dice: number | null, hd95Mm: number | null, volumeDiffMl: number): LabelMetrics => ({
  label, dice, hd95Mm, assdMm: hd95Mm, surfaceDice: dice, volumeRefMl: 1, volumePredMl: 1 + volumeDiffMl, volumeDiffMl, refEmpty: false, predEmpty: false, refVoxels: 1, predVoxels: 1, refSurfaceVoxels: 1, predSurfaceVoxels: 1,
});
const labels = [{ label: 1, name: 'one' }, { label: 2, name: 'two' }];
const summary = summariseCases([{ metrics: [m(1, 0.9, 2, -3), m(2, 0.5, null, 1)] }, { metrics: [m(1, 0.8, 4, -1), m(2, 0.7, 6, 1)] }], labels, { resamples: 200, seed: 3 });
const c = (x: Partial<Criterion>): Criterion => ({ datasetVersionId: 'dv', label: 1, metric: 'dice', statistic: 'mean', threshold: 0.8, ...x });

describe('checkCriteria', () => {
  it('dice at or above, distances at or below, |volume difference| at or below the threshold', () => {
    const r = checkCriteria([c({}), c({ threshold: 0.86 }), c({ metric: 'hd95Mm', threshold: 3 }), c({ metric: 'hd95Mm', threshold: 2.9 }), c({ metric: 'volumeDiffMl', threshold: 2 }), c({ metric: 'volumeDiffMl', threshold: 1.9 })], { dv: summary });
    expect(r.map((x) => x.passed)).toEqual([true, false, true, false, true, false]);
    expect(r[0].value).toBeCloseTo(0.85, 12);
    expect(r[4].value).toBe(2); // |mean(-3, -1)|
  });

  it('a missing evaluation, label or figure fails with value null', () => {
    const r = checkCriteria([c({ datasetVersionId: 'other' }), c({ label: 9 }), c({ label: 2, metric: 'hd95Mm', statistic: 'ci95Low', threshold: 100 })], { dv: summary, other: null });
    expect(r.map((x) => [x.value, x.passed])).toEqual([[null, false], [null, false], [null, false]]); // one defined hd95 for label 2: no interval
    expect(failingCriteria(r)).toHaveLength(3);
  });

  it('summaries count undefined values apart', () => {
    expect(summary[1].metrics.hd95Mm).toMatchObject({ n: 1, mean: 6 });
    expect(summary[1].undefinedCount.hd95Mm).toBe(1);
  });
});

describe('csvRecord', () => {
  it('quotes per RFC 4180 and ends with CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'x\ny', null, 1.5, true])).toBe('a,"b,c","say ""hi""","x\ny",,1.5,true\r\n');
  });
});
