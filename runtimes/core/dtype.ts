import type { Dtype } from '../../domain/ports';
import type { TypedArray } from './values';

/** A typed-array constructor, as the views over raw voxel bytes are built. */
export type TypedArrayCtor = (new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray) & { readonly BYTES_PER_ELEMENT: number };

/**
 * The dtype table, defined once: each studio dtype and its typed array. Readers (NIfTI, DICOM,
 * the value codec) build views from it; format codes (NIfTI `datatype`) live with their format.
 */
export const TYPED_ARRAYS: Record<Dtype, TypedArrayCtor> = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
};

/** Bytes per element of a dtype. */
export const bytesOf = (dtype: Dtype): number => TYPED_ARRAYS[dtype].BYTES_PER_ELEMENT;

/** The dtype of a typed array, or undefined for one the studio does not handle (e.g. BigInt64Array). */
export function dtypeOf(a: ArrayBufferView): Dtype | undefined {
  for (const [name, ctor] of Object.entries(TYPED_ARRAYS)) if (a instanceof ctor) return name as Dtype;
  return undefined;
}

/** Whether this engine stores multi-byte numbers little-endian (every current target does). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of each whole `size`-byte element of `b`, in place (a partial tail is left). */
export function swapBytes(b: Uint8Array, size: number): void {
  if (size <= 1) return;
  for (let i = 0; i + size <= b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}

/**
 * ONNX element types (TensorProto.DataType) -> the names model signatures use (as onnxruntime
 * names them) and, where the cost model counts them, bytes per element.
 */
export const ONNX_ELEMENT_TYPES: Readonly<Record<number, { name: string; bytes?: number }>> = {
  1: { name: 'float32', bytes: 4 }, 2: { name: 'uint8', bytes: 1 }, 3: { name: 'int8', bytes: 1 }, 4: { name: 'uint16', bytes: 2 },
  5: { name: 'int16', bytes: 2 }, 6: { name: 'int32', bytes: 4 }, 7: { name: 'int64', bytes: 8 }, 8: { name: 'string' },
  9: { name: 'bool', bytes: 1 }, 10: { name: 'float16', bytes: 2 }, 11: { name: 'float64', bytes: 8 }, 12: { name: 'uint32', bytes: 4 },
  13: { name: 'uint64', bytes: 8 }, 14: { name: 'complex64' }, 15: { name: 'complex128' }, 16: { name: 'bfloat16', bytes: 2 },
  17: { name: 'float8e4m3fn' }, 18: { name: 'float8e4m3fnuz' }, 19: { name: 'float8e5m2' }, 20: { name: 'float8e5m2fnuz' },
  21: { name: 'uint4' }, 22: { name: 'int4' },
};
/** Bytes per element by ONNX element type, for the types the cost model counts. */
export const ONNX_ELEMENT_BYTES: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(ONNX_ELEMENT_TYPES).flatMap(([code, t]) => (t.bytes === undefined ? [] : [[code, t.bytes]])),
);
