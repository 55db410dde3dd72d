import type { Dtype } from '../../../domain/ports';
import { TYPED_ARRAYS, bytesOf } from '../../core/dtype';
import type { TypedArray } from '../../core/values';


/**
 * Little-endian bytes as a typed array of `dtype` (copied when unaligned). Assumes a
 * little-endian host, as every platform Node and browsers run on is.
 */
export function typedView(bytes: Uint8Array, dtype: Dtype): TypedArray {
  const size = bytesOf(dtype);
  const b = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return new TYPED_ARRAYS[dtype](b.buffer, b.byteOffset, Math.floor(b.byteLength / size));
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
