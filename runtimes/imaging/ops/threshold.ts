import type { TypedArray } from '../../core/values';

/** out[i] = label where src[i] >= threshold, else 0 (values at the threshold count as foreground). */
export function threshold(src: TypedArray, thresholdValue: number, label: number, out?: Uint8Array): Uint8Array {
  const n = src.length;
  const dst = out ?? new Uint8Array(n);
  if (dst.length !== n) throw new Error(`threshold output holds ${dst.length}, needs ${n}`);
  for (let i = 0; i < n; i++) dst[i] = src[i] >= thresholdValue ? label : 0;
  return dst;
}
