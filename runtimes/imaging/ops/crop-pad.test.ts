import { describe, expect, it } from 'vitest';
import { centeredOffset, cropPad } from './crop-pad';
import { subGeometry } from '../geometry';

// 4x3x2 volume (x fastest) whose value encodes its coordinates: 100*z + 10*y + x.
const dims: [number, number, number] = [4, 3, 2];
const vol = new Int16Array(24).map((_, i) => 100 * Math.floor(i / 12) + 10 * (Math.floor(i / 4) % 3) + (i % 4));
const at = (out: Int16Array, size: number[], x: number, y: number, z: number) => out[x + size[0] * (y + size[1] * z)];

describe('cropPad', () => {
  it('crops an inner box', () => {
    const out = cropPad(vol, dims, [1, 1, 1], [2, 2, 1], 0);
    expect(Array.from(out)).toEqual([111, 112, 121, 122]);
    expect(out).toBeInstanceOf(Int16Array);
  });

  it('pads outside the input with padValue on every side', () => {
    const size: [number, number, number] = [6, 5, 3];
    const out = cropPad(vol, dims, [-1, -1, 0], size, -7);
    expect(at(out, size, 0, 0, 0)).toBe(-7);
    expect(at(out, size, 1, 1, 0)).toBe(0); // source (0,0,0)
    expect(at(out, size, 4, 3, 1)).toBe(123); // source (3,2,1)
    expect(at(out, size, 5, 3, 1)).toBe(-7);
    expect(at(out, size, 1, 4, 1)).toBe(-7);
    expect(at(out, size, 1, 1, 2)).toBe(-7);
    expect(out.filter((v) => v !== -7).length).toBe(24);
  });

  it('a box entirely outside is all padValue', () => {
    expect(Array.from(cropPad(vol, dims, [10, 0, 0], [2, 1, 1], 5))).toEqual([5, 5]);
  });

  it('centres with floor (odd remainders go to the far side)', () => {
    expect(centeredOffset([256, 256, 256], [64, 64, 64])).toEqual([96, 96, 96]);
    expect(centeredOffset([4, 3, 2], [7, 2, 2])).toEqual([-2, 0, 0]);
  });

  it('moves the geometry origin by offset * spacing along the direction', () => {
    const g = { dims, spacing: [2, 3, 4] as [number, number, number], origin: [10, 20, 30] as [number, number, number],
      direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    const s = subGeometry(g, [-1, 2, 1], [6, 5, 3]);
    expect(s.origin).toEqual([12, 14, 34]);
    expect(s.dims).toEqual([6, 5, 3]);
    expect(g.dims).toEqual([4, 3, 2]);
  });
});
