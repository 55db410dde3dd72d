import { describe, expect, it } from 'vitest';
import { outlineRgba } from './outline';

describe('outlineRgba', () => {
  it('marks the border pixels of each label and leaves interiors and background clear', () => {
    // 5x4 slice: a 3x3 block of 1 at columns 1..3, rows 0..2, with its centre set to 2
    const s = [
      0, 1, 1, 1, 0,
      0, 1, 2, 1, 0,
      0, 1, 1, 1, 0,
      0, 0, 0, 0, 0,
    ];
    const a = outlineRgba(s, 5, 4, [10, 20, 30]);
    const alpha = Array.from({ length: 20 }, (_, p) => a[p * 4 + 3] ? 1 : 0);
    expect(alpha).toEqual([
      0, 1, 1, 1, 0,
      0, 1, 1, 1, 0, // the 2 is its own one-pixel region: all border; the 1s around it border it
      0, 1, 1, 1, 0,
      0, 0, 0, 0, 0,
    ]);
    expect([...a.subarray(4, 8)]).toEqual([10, 20, 30, 255]);
    const solid = outlineRgba(new Array(25).fill(3), 5, 5, [1, 1, 1]);
    expect(solid[(2 + 5 * 2) * 4 + 3]).toBe(0); // interior of a filled slice
    expect(solid[3]).toBe(255); // slice edge
  });
});
