import { describe, expect, it } from 'vitest';
import type { Dtype } from '../../domain/ports';
import { TYPED_ARRAYS, bytesOf, dtypeOf, swapBytes } from './dtype';

describe('the dtype table', () => {
  it('maps every dtype to its typed array and back, with its element size', () => {
    const sizes: Record<Dtype, number> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 };
    for (const [dtype, size] of Object.entries(sizes) as [Dtype, number][]) {
      expect(bytesOf(dtype)).toBe(size);
      expect(dtypeOf(new TYPED_ARRAYS[dtype](new ArrayBuffer(size * 2), 0, 2))).toBe(dtype);
    }
    expect(dtypeOf(new BigInt64Array(1))).toBeUndefined();
    expect(dtypeOf(new Uint8ClampedArray(1))).toBeUndefined();
  });

  it('swaps the bytes of whole elements only', () => {
    const b = Uint8Array.of(1, 2, 3, 4, 5, 6, 7);
    swapBytes(b, 2);
    expect([...b]).toEqual([2, 1, 4, 3, 6, 5, 7]);
    swapBytes(b, 1);
    expect([...b]).toEqual([2, 1, 4, 3, 6, 5, 7]);
    const w = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    swapBytes(w, 4);
    expect([...w]).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
  });
});
