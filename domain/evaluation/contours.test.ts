import { describe, expect, it } from 'vitest';
import { bestSlice, sliceContour, sliceShape } from './contours';
import type { LabelGrid } from './grid';

/** 5 x 4 x 3 grid (i, j, k); `set` marks voxels with a label. */
function grid(set: [number, number, number, number][]): LabelGrid {
  const data = new Uint8Array(5 * 4 * 3);
  for (const [i, j, k, label] of set) data[i + 5 * (j + 4 * k)] = label;
  return { data, dims: [5, 4, 3], spacing: [1, 1, 1] };
}
const rows = (mask: Uint8Array, width: number) =>
  Array.from({ length: mask.length / width }, (_, v) => [...mask.subarray(v * width, (v + 1) * width)].join(''));

describe('sliceContour', () => {
  it('axial slice (axis 2): a 4 x 3 block keeps its rim, the inside pixels are dropped', () => {
    const block: [number, number, number, number][] = [];
    for (let j = 0; j < 3; j++) for (let i = 1; i < 5; i++) block.push([i, j, 1, 3]);
    const g = grid(block);
    expect(sliceShape(g.dims, 2)).toEqual({ width: 5, height: 4 });
    // row v = j, column u = i; the block touches the slice edge at i = 4 and j = 0 (outside = not the label)
    expect(rows(sliceContour(g, 3, 2, 1), 5)).toEqual(['01111', '01001', '01111', '00000']);
    expect(rows(sliceContour(g, 3, 2, 0), 5)).toEqual(['00000', '00000', '00000', '00000']);
    expect(rows(sliceContour(g, 1, 2, 1), 5)).toEqual(['00000', '00000', '00000', '00000']);
  });

  it('sagittal (axis 0) and coronal (axis 1) slices are row-major over the two other axes, lower axis fastest', () => {
    const g = grid([[2, 1, 0, 1], [2, 3, 2, 1], [0, 1, 2, 1]]);
    expect(sliceShape(g.dims, 0)).toEqual({ width: 4, height: 3 }); // u = j, v = k
    expect(rows(sliceContour(g, 1, 0, 2), 4)).toEqual(['0100', '0000', '0001']);
    expect(sliceShape(g.dims, 1)).toEqual({ width: 5, height: 3 }); // u = i, v = k
    expect(rows(sliceContour(g, 1, 1, 1), 5)).toEqual(['00100', '00000', '10000']);
  });

  it('refuses a slice index outside the grid and an unknown axis', () => {
    const g = grid([]);
    expect(() => sliceContour(g, 1, 2, 3)).toThrow(/outside 0..2/);
    expect(() => sliceContour(g, 1, 3 as 2, 0)).toThrow(/axis/);
  });
});

describe('bestSlice', () => {
  it('picks the slice with most voxels of any of the labels, the lowest on a tie, the middle when there are none', () => {
    const g = grid([[0, 0, 0, 1], [1, 0, 2, 1], [3, 0, 2, 1], [2, 0, 2, 2], [3, 3, 2, 9], [4, 3, 1, 2], [4, 2, 1, 2]]);
    expect(bestSlice(g, [1, 2], 2)).toBe(2);
    expect(bestSlice(g, [1], 2)).toBe(2);
    expect(bestSlice(g, [1], 0)).toBe(0); // one voxel each on i = 0, 1, 3
    expect(bestSlice(g, [2], 0)).toBe(4);
    expect(bestSlice(g, [2], 1)).toBe(0); // j = 0, 2, 3 have one each
    expect(bestSlice(g, [5], 1)).toBe(2);
  });
});
