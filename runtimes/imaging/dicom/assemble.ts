import type { Dtype } from '../../../domain/ports';
import type { TypedArray, VolumeValue, Geometry } from '../../core/values';
import type { DicomInstance } from './instance';

/** One slice in volume order: its instance (rescale) and its stored values of type `dtype`. */
export interface Slice {
  inst: DicomInstance;
  frame: TypedArray;
  dtype: Dtype;
}

/**
 * Stacks the slices (already in volume order) into one preallocated volume.
 * - every slice without rescale (slope 1, intercept 0) and of one stored type: that type, copied;
 * - else real-world values v * slope + intercept: int16 when every slope and intercept is an
 *   integer and the rescaled range fits int16 (CT in HU), float32 otherwise.
 */
export function assembleVolume(slices: Slice[], geometry: Geometry): VolumeValue {
  const frames = slices.map((s) => s.frame);
  const plane = geometry.dims[0] * geometry.dims[1];
  const identity = slices.every((s) => s.inst.slope === 1 && s.inst.intercept === 0);
  const stored = slices[0].dtype;
  if (identity && slices.every((s) => s.dtype === stored)) {
    const out = allocate(stored, plane * slices.length);
    frames.forEach((f, k) => out.set(f, k * plane));
    return { type: 'volume', dtype: stored, geometry, data: out };
  }
  // One optimistic int16 pass that notices overflow; only then redo the stack as float32.
  if (slices.every((s) => Number.isInteger(s.inst.slope) && Number.isInteger(s.inst.intercept))) {
    const out = new Int16Array(plane * slices.length);
    if (rescaleInto(out, frames, slices, plane, true)) return { type: 'volume', dtype: 'int16', geometry, data: out };
  }
  const out = new Float32Array(plane * slices.length);
  rescaleInto(out, frames, slices, plane, false);
  return { type: 'volume', dtype: 'float32', geometry, data: out };
}

/** out = stored * slope + intercept per slice; with `checkInt16`, false as soon as a value overflows. */
function rescaleInto(out: Int16Array | Float32Array, frames: TypedArray[], slices: Slice[], plane: number, checkInt16: boolean): boolean {
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k];
    const { slope, intercept } = slices[k].inst;
    const base = k * plane;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < plane; i++) {
      const v = f[i] * slope + intercept;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      out[base + i] = v;
    }
    if (checkInt16 && (lo < -32768 || hi > 32767)) return false;
  }
  return true;
}

function allocate(dtype: Dtype, n: number): TypedArray {
  switch (dtype) {
    case 'uint8': return new Uint8Array(n);
    case 'int8': return new Int8Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'int32': return new Int32Array(n);
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
  }
}
