import { describe, expect, it } from 'vitest';
import { fiveNumbers, fmt, fmtCi, fmtSigned } from './metric-format';

describe('metric formatting', () => {
  it('quartiles as numpy.percentile (linear) computes them', () => {
    // numpy.percentile([3, 1, 4, 1, 5], [0, 25, 50, 75, 100]) -> [1, 1, 3, 4, 5]
    expect(fiveNumbers([3, 1, 4, 1, 5])).toEqual([1, 1, 3, 4, 5]);
    // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) -> [1.75, 2.5, 3.25]
    expect(fiveNumbers([4, 2, 1, 3])).toEqual([1, 1.75, 2.5, 3.25, 4]);
    expect(fiveNumbers([0.7])).toEqual([0.7, 0.7, 0.7, 0.7, 0.7]);
    expect(fiveNumbers([])).toBeNull();
  });
  it('prints missing figures as a dash and differences with a sign', () => {
    expect(fmt(null)).toBe('—');
    expect(fmt(0.91234)).toBe('0.912');
    expect(fmtCi([0.1, 0.25])).toBe('0.100 – 0.250');
    expect(fmtSigned(0.0125)).toBe('+0.013');
    expect(fmtSigned(-2)).toBe('-2.000');
  });
});
