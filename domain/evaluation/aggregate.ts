import { DomainError } from '../errors';
import { percentileSorted } from './percentile';

/**
 * Summaries of one metric over cases: mean, median and a bootstrap percentile 95% interval of
 * the mean. `null` values (a metric undefined for a case, e.g. HD95 with one empty mask) are
 * left out and counted in `missing`.
 */
export interface Summary {
  /** Defined values summarised. */
  n: number;
  mean: number | null;
  median: number | null;
  /** [2.5th, 97.5th] percentile of the bootstrap means; null when n < 2. */
  ci95: [number, number] | null;
  /** Values (or pairs) left out because they were null. */
  missing: number;
}

export interface BootstrapOptions {
  /** Bootstrap resamples, 100..100000; default 2000. */
  resamples?: number;
  /** Seed of the deterministic PRNG (mulberry32); default 1. */
  seed?: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const MAX_VALUES = 1_000_000;
/** Upper bound on n x resamples, the work of one bootstrap (about a second). */
export const MAX_BOOTSTRAP_DRAWS = 200_000_000;

export function summarise(values: readonly (number | null)[], opts: BootstrapOptions = {}): Summary {
  if (values.length > MAX_VALUES) throw new DomainError('BAD_PARAMS', `at most ${MAX_VALUES} values can be summarised`, { values: values.length });
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(resamples) || resamples < 100 || resamples > 100_000) throw new DomainError('BAD_PARAMS', 'resamples must be an integer in 100..100000', { resamples });
  if (!Number.isInteger(seed)) throw new DomainError('BAD_PARAMS', 'seed must be an integer', { seed });
  const defined: number[] = [];
  for (const v of values) {
    if (v === null) continue;
    if (!Number.isFinite(v)) throw new DomainError('BAD_PARAMS', 'values must be finite numbers or null', { value: String(v) });
    defined.push(v);
  }
  const n = defined.length, missing = values.length - n;
  if (n === 0) return { n, mean: null, median: null, ci95: null, missing };
  const sorted = Float64Array.from(defined).sort();
  const mean = sum(sorted) / n;
  const median = percentileSorted(sorted, 50);
  if (n < 2) return { n, mean, median, ci95: null, missing };
  if (n * resamples > MAX_BOOTSTRAP_DRAWS) throw new DomainError('BAD_PARAMS', `n x resamples above ${MAX_BOOTSTRAP_DRAWS}: lower resamples`, { n, resamples });
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += sorted[Math.floor(random() * n)];
    means[r] = s / n;
  }
  means.sort();
  return { n, mean, median, ci95: [percentileSorted(means, 2.5), percentileSorted(means, 97.5)], missing };
}

/** Summary of b[i] - a[i] over the pairs where both are defined (positive: b is higher). */
export function pairedDifference(a: readonly (number | null)[], b: readonly (number | null)[], opts: BootstrapOptions = {}): Summary {
  if (a.length !== b.length) throw new DomainError('BAD_PARAMS', `paired values differ in length (${a.length} vs ${b.length})`, { a: a.length, b: b.length });
  const diffs = a.map((x, i) => {
    const y = b[i];
    return x === null || y === null ? null : y - x;
  });
  return summarise(diffs, opts);
}

function sum(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same stream on every platform. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
