import type { Dtype } from '../../../domain/ports';
import type { TypedArray } from '../../core/values';

const CTORS: Record<Dtype, new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray> = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
};

/**
 * Little-endian bytes as a typed array of `dtype` (copied when unaligned). Assumes a
 * little-endian host, as every platform Node and browsers run on is.
 */
export function typedView(bytes: Uint8Array, dtype: Dtype): TypedArray {
  const size = (CTORS[dtype] as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const b = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return new CTORS[dtype](b.buffer, b.byteOffset, Math.floor(b.byteLength / size));
}

/** Bits above BitsStored: sign-extended (signed) or cleared (unsigned); the standard leaves them undefined. */
export function fixHighBits(a: TypedArray, bitsStored: number, signed: boolean): void {
  if (signed) {
    const shift = 32 - bitsStored;
    for (let i = 0; i < a.length; i++) a[i] = (a[i] << shift) >> shift;
  } else {
    const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
    for (let i = 0; i < a.length; i++) a[i] = (a[i] & mask) >>> 0;
  }
}
