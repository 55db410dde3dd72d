import { describe, expect, it } from 'vitest';
import type { Dtype } from '../../domain/ports';
import { ONNX_ELEMENT_BYTES, ONNX_ELEMENT_TYPES, TYPED_ARRAYS, bytesOf, dtypeOf, swapBytes } from './dtype';

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

  it('names ONNX element types as onnxruntime does, with sizes where the cost model counts them', () => {
    expect([1, 7, 10, 16].map((c) => ONNX_ELEMENT_TYPES[c].name)).toEqual(['float32', 'int64', 'float16', 'bfloat16']);
    expect(ONNX_ELEMENT_BYTES).toEqual({ 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 });
    // Every studio dtype is an ONNX element type of the same size.
    for (const [dtype, ctor] of Object.entries(TYPED_ARRAYS)) {
      const onnx = Object.values(ONNX_ELEMENT_TYPES).find((t) => t.name === dtype);
      expect(onnx?.bytes).toBe(ctor.BYTES_PER_ELEMENT);
    }
  });
});
