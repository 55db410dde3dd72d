import type { Dtype } from '../../../domain/ports';
import type { TypedArray } from '../../core/values';
import type { DicomInstance, PixelFormat } from './instance';
import { EXPLICIT_BIG_ENDIAN } from './transfer-syntax';
import { fixHighBits } from './typed';

const CTORS: Record<Dtype, new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray> = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
};
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The stored values of one frame as a typed array of the stored type, row by row (column
 * fastest). Aligned native-endian data is a zero-copy view into the file bytes (read only by
 * callers); big-endian data is byte-swapped into a copy; bits above BitsStored are masked
 * (unsigned) or sign-extended (signed), as the standard leaves them undefined.
 */
export function storedFrame(inst: DicomInstance, fmt: PixelFormat): TypedArray {
  const bytesPer = fmt.bitsAllocated / 8;
  const n = inst.rows * inst.cols;
  const src = inst.ds.byteArray;
  const start = src.byteOffset + fmt.element.dataOffset;
  const swap = bytesPer > 1 && (inst.transferSyntax === EXPLICIT_BIG_ENDIAN) === HOST_LE;
  const highBits = fmt.bitsStored < fmt.bitsAllocated;
  let out: TypedArray;
  if (!swap && !highBits && start % bytesPer === 0) {
    out = new CTORS[fmt.dtype](src.buffer, start, n);
  } else {
    const copy = src.slice(fmt.element.dataOffset, fmt.element.dataOffset + n * bytesPer);
    if (swap) swapBytes(copy, bytesPer);
    out = new CTORS[fmt.dtype](copy.buffer, 0, n);
  }
  if (highBits) fixHighBits(out, fmt.bitsStored, fmt.dtype.startsWith('int'));
  return out;
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}
