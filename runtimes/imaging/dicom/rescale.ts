import type { TypedArray } from '../../core/values';
import { addInt16InPlace, addInt16Simd, isSimdBuffer, SIMD_VALUES } from './simd-rescale';

/**
 * out[base + i] = src[i] + intercept for int16 stored values (the CT case: slope 1, integer
 * intercept), fused with the overflow check; false when any result leaves int16 (`out` is then
 * partly written). WebAssembly SIMD does all but the last n % SIMD_VALUES values when available: in
 * place when `out` lives in a simdBuffer (src is copied there first unless it is that very
 * range), else through a cache-sized scratch; the JS loop does the rest.
 */
export function rescaleInt16(src: Int16Array, intercept: number, out: Int16Array, base: number, n: number): boolean {
  if (intercept < -32768 || intercept > 32767) return rescaleChecked(src, 1, intercept, out, base, n);
  const dst = out.subarray(base, base + n);
  let simd: boolean | undefined;
  if (isSimdBuffer(out.buffer)) {
    if (src.buffer !== dst.buffer || src.byteOffset !== dst.byteOffset) dst.set(src.subarray(0, n));
    simd = addInt16InPlace(dst, intercept);
    src = dst;
  } else {
    simd = addInt16Simd(src, intercept, dst, n);
  }
  if (simd === false) return false;
  let bad = 0;
  for (let i = simd ? n - (n % SIMD_VALUES) : 0; i < n; i++) {
    const v = src[i] + intercept;
    dst[i] = v;
    bad |= (v + 32768) >>> 16; // non-zero iff v is outside [-32768, 32767]
  }
  return bad === 0;
}

/** out[base + i] = src[i] * slope + intercept (integers) into int16; false on overflow. */
export function rescaleChecked(src: TypedArray, slope: number, intercept: number, out: Int16Array, base: number, n: number): boolean {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const v = src[i] * slope + intercept;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    out[base + i] = v;
  }
  return lo >= -32768 && hi <= 32767;
}
