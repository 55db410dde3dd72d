import type { TypedArray } from '../../core/values';

export type NormalizeMethod = 'min-max' | 'z-score' | 'window-level';

export interface NormalizeOptions {
  method: NormalizeMethod;
  windowCenter: number;
  windowWidth: number;
  /** Statistics over voxels != 0 only; those zero voxels stay 0 in the output (masking, as MONAI `nonzero`). */
  nonzeroOnly: boolean;
}

/** min and max (over nonzero voxels when asked); count 0 when nothing was counted. */
export function minMax(src: TypedArray, nonzeroOnly: boolean): { count: number; min: number; max: number } {
  let count = 0, min = Infinity, max = -Infinity;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (nonzeroOnly && v === 0) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return count === 0 ? { count, min: 0, max: 0 } : { count, min, max };
}

/**
 * Mean and population std in one pass. Sums are shifted by the first counted value (the
 * "shifted data" algorithm) so the variance does not cancel when the mean is large.
 */
export function meanStd(src: TypedArray, nonzeroOnly: boolean): { count: number; mean: number; std: number } {
  let count = 0, k = 0, s = 0, s2 = 0;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (nonzeroOnly && v === 0) continue;
    if (count === 0) k = v;
    count++;
    const d = v - k;
    s += d;
    s2 += d * d;
  }
  if (count === 0) return { count, mean: 0, std: 0 };
  return { count, mean: k + s / count, std: Math.sqrt(Math.max(0, (s2 - (s * s) / count) / count)) };
}

/** out = (v - shift) * scale, clamped to [0, 1] for window-level. */
function transform(src: TypedArray, opts: NormalizeOptions): { shift: number; scale: number } {
  if (opts.method === 'window-level') return { shift: opts.windowCenter - opts.windowWidth / 2, scale: 1 / opts.windowWidth };
  if (opts.method === 'min-max') {
    const { min, max } = minMax(src, opts.nonzeroOnly);
    return { shift: min, scale: max > min ? 1 / (max - min) : 0 };
  }
  const { mean, std } = meanStd(src, opts.nonzeroOnly);
  return { shift: mean, scale: std > 0 ? 1 / std : 0 };
}

/**
 * One statistics pass, then one fused write pass. Degenerate statistics (constant volume, no
 * nonzero voxel) give scale 0, so the output is all zeros rather than NaN.
 */
export function normalize(src: TypedArray, opts: NormalizeOptions, out?: Float32Array): Float32Array {
  const n = src.length;
  const dst = out ?? new Float32Array(n);
  if (dst.length !== n) throw new Error(`normalize output holds ${dst.length}, needs ${n}`);
  const { shift, scale } = transform(src, opts);
  const clamp = opts.method === 'window-level';
  if (!opts.nonzeroOnly && !clamp) {
    // The common case (whole-volume min-max / z-score) gets the tightest loop.
    for (let i = 0; i < n; i++) dst[i] = (src[i] - shift) * scale;
    return dst;
  }
  const lo = clamp ? 0 : -Infinity, hi = clamp ? 1 : Infinity;
  const mask = opts.nonzeroOnly;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    const r = (v - shift) * scale;
    dst[i] = mask && v === 0 ? 0 : r < lo ? lo : r > hi ? hi : r;
  }
  return dst;
}
