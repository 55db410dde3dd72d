/**
 * The q-th percentile (0..100) of ascending `sorted` values as numpy.percentile computes it by
 * default (method 'linear': h = (n - 1) * q / 100, interpolated between the neighbours of h,
 * with numpy's own lerp so the results agree to the last bit). Needs at least one value.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const h = (q / 100) * (n - 1);
  const lo = Math.floor(h), hi = Math.min(lo + 1, n - 1);
  const t = h - lo, a = sorted[lo], b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
