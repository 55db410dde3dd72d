import type { TypedArray } from '../../core/values';

/**
 * Percentiles (0-100) of the values, interpolating between order statistics as numpy's default
 * ('linear'). Integer data of a small range is counted (one pass); anything else is sorted once.
 */
export function percentiles(data: TypedArray, ps: readonly number[]): number[] {
  const n = data.length;
  if (n === 0) return ps.map(() => 0);
  const at = counted(data) ?? sorted(data);
  return ps.map((p) => {
    const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
    const lo = Math.floor(rank);
    return at(lo) + (rank - lo) * (at(Math.min(n - 1, lo + 1)) - at(lo));
  });
}

function sorted(data: TypedArray): (k: number) => number {
  const s = Float64Array.from(data).sort();
  return (k) => s[k];
}

/** The k-th smallest value through a histogram, for 8- and 16-bit integer data. */
function counted(data: TypedArray): ((k: number) => number) | undefined {
  const base = data instanceof Uint8Array || data instanceof Uint16Array ? 0 : data instanceof Int8Array ? -128 : data instanceof Int16Array ? -32768 : undefined;
  if (base === undefined) return undefined;
  const counts = new Float64Array(data instanceof Uint8Array || data instanceof Int8Array ? 256 : 65536);
  for (let i = 0; i < data.length; i++) counts[data[i] - base]++;
  const cumulative = new Float64Array(counts.length);
  let sum = 0;
  for (let v = 0; v < counts.length; v++) cumulative[v] = sum += counts[v];
  return (k) => {
    let lo = 0, hi = counts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > k) hi = mid;
      else lo = mid + 1;
    }
    return lo + base;
  };
}
