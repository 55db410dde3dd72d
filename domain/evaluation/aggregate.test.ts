import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { pairedDifference, summarise } from './aggregate';

/** A normal sample (Box-Muller over a seeded LCG), test data only. */
function normalSample(n: number, mean: number, sd: number, seed: number): number[] {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('summarise', () => {
  it('mean, numpy-style median, and nulls counted as missing', () => {
    const s = summarise([4, null, 1, 3, null, 2]);
    expect(s).toMatchObject({ n: 4, mean: 2.5, median: 2.5, missing: 2 });
    expect(summarise([null, null])).toEqual({ n: 0, mean: null, median: null, ci95: null, missing: 2 });
    expect(summarise([7])).toEqual({ n: 1, mean: 7, median: 7, ci95: null, missing: 0 });
  });

  it('the bootstrap is deterministic per seed and differs between seeds', () => {
    const xs = normalSample(50, 0.8, 0.1, 3);
    const a = summarise(xs, { seed: 42 }), b = summarise(xs, { seed: 42 }), c = summarise(xs, { seed: 43 });
    expect(a.ci95).toEqual(b.ci95);
    expect(c.ci95).not.toEqual(a.ci95);
  });

  it('for a normal sample the 95% interval holds the mean and is about 1.96 standard errors wide each side', () => {
    const xs = normalSample(400, 10, 2, 11);
    const { mean, ci95 } = summarise(xs, { resamples: 4000 });
    expect(ci95![0]).toBeLessThan(mean!);
    expect(ci95![1]).toBeGreaterThan(mean!);
    const halfWidth = (ci95![1] - ci95![0]) / 2, se = 2 / Math.sqrt(400);
    expect(halfWidth).toBeGreaterThan(1.6 * se);
    expect(halfWidth).toBeLessThan(2.3 * se);
  });

  it('refuses non-finite values and out-of-range resamples', () => {
    expect(() => summarise([1, NaN])).toThrow(DomainError);
    expect(() => summarise([1, 2], { resamples: 5 })).toThrow(/resamples/);
  });
});

describe('pairedDifference', () => {
  it('summarises b - a over pairs where both are defined: positive when b is higher', () => {
    const a = [0.7, 0.8, null, 0.6, 0.9], b = [0.8, 0.85, 0.9, null, 0.95];
    const d = pairedDifference(a, b);
    expect(d.n).toBe(3);
    expect(d.missing).toBe(2);
    expect(d.mean).toBeCloseTo((0.1 + 0.05 + 0.05) / 3, 12);
    expect(d.ci95![0]).toBeGreaterThan(0);
    expect(pairedDifference(b, a).mean).toBeCloseTo(-d.mean!, 12);
  });

  it('refuses lists of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/differ in length/);
  });
});
