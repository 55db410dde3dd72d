import type { Dtype } from '../../../domain/ports';
import { TYPED_ARRAYS } from '../../core/dtype';
import type { TypedArray, VolumeValue, Geometry } from '../../core/values';
import type { DicomInstance } from './instance';
import { applyLut, type Lut } from './lut';
import { rescaleInt16, rescaleChecked } from './rescale';
import { volumeBuffer } from './simd-rescale';

/** One slice in volume order: its instance (rescale) and its stored values of type `dtype`. */
export interface Slice {
  inst: DicomInstance;
  /** Read only: may be a view on the file bytes. */
  frame: TypedArray;
  dtype: Dtype;
  /** Modality LUT Sequence: replaces slope/intercept for this slice (PS3.3 C.11.1). */
  lut?: Lut;
}

/**
 * Stacks the slices (already in volume order) into one volume, written in a single pass per
 * slice into `target` when it is given and big enough (the caller's preallocated buffer),
 * else into a fresh allocation.
 * - every slice without rescale (slope 1, intercept 0) and of one stored type: that type, copied;
 * - else real-world values v * slope + intercept (or the Modality LUT): int16 when every slope
 *   and intercept is an integer and the rescaled range fits int16 (CT in HU), float32 otherwise.
 */
export function assembleVolume(slices: Slice[], geometry: Geometry, target?: ArrayBuffer): VolumeValue {
  const frames = slices.map((s) => s.frame);
  const plane = geometry.dims[0] * geometry.dims[1];
  const n = plane * slices.length;
  const alloc = <T extends TypedArray>(dtype: Dtype): T => {
    const C = TYPED_ARRAYS[dtype];
    return new C(volumeBuffer(target, n * C.BYTES_PER_ELEMENT), 0, n) as T;
  };
  const stored = slices[0].dtype;
  const noLut = slices.every((s) => !s.lut);
  const identity = noLut && slices.every((s) => s.inst.slope === 1 && s.inst.intercept === 0);
  if (identity && slices.every((s) => s.dtype === stored)) {
    const out = alloc<TypedArray>(stored);
    frames.forEach((f, k) => out.set(f, k * plane));
    return { type: 'volume', dtype: stored, geometry, data: out };
  }
  // One optimistic int16 pass that notices overflow; only then redo the stack as float32.
  if (noLut && slices.every((s) => Number.isInteger(s.inst.slope) && Number.isInteger(s.inst.intercept))) {
    const out = alloc<Int16Array>('int16');
    const ok = slices.every((s, k) => {
      const { slope, intercept } = s.inst;
      return s.frame instanceof Int16Array && slope === 1
        ? rescaleInt16(s.frame, intercept, out, k * plane, plane)
        : rescaleChecked(s.frame, slope, intercept, out, k * plane, plane);
    });
    if (ok) return { type: 'volume', dtype: 'int16', geometry, data: out };
  }
  const out = alloc<Float32Array>('float32');
  slices.forEach((s, k) => {
    const f = s.frame;
    const base = k * plane;
    const { slope, intercept } = s.inst;
    if (s.lut) for (let i = 0; i < plane; i++) out[base + i] = applyLut(s.lut, f[i]);
    else for (let i = 0; i < plane; i++) out[base + i] = f[i] * slope + intercept;
  });
  return { type: 'volume', dtype: 'float32', geometry, data: out };
}
