import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import { axisOrigins, extractTiles, planTiles } from './tile';
import { untile } from './untile';

const ramp = (n: number) => new Float32Array(n).map((_, i) => i + 1);

describe('tile plan', () => {
  it('covers each axis with stride size - overlap', () => {
    expect(axisOrigins(64, 64, 0)).toEqual([0]);
    expect(axisOrigins(5, 2, 0)).toEqual([0, 2, 4]);
    expect(axisOrigins(5, 3, 1)).toEqual([0, 2]);
    expect(axisOrigins(2, 4, 1)).toEqual([0]);
  });

  it('orders tiles z, y, x (x fastest) and pads volumeDims to whole tiles', () => {
    const plan = planTiles(identityGeometry([5, 3, 2]), 2, 0);
    expect(plan.volumeDims).toEqual([6, 4, 2]);
    expect(plan.origins.slice(0, 4)).toEqual([[0, 0, 0], [2, 0, 0], [4, 0, 0], [0, 2, 0]]);
    expect(plan.origins.length).toBe(6);
  });
});

describe('extractTiles', () => {
  it('copies cubes and pads beyond the volume', () => {
    const plan = planTiles(identityGeometry([3, 2, 1]), 2, 0);
    const tiles = extractTiles(ramp(6), plan, -1);
    // volume rows: y0 = 1 2 3, y1 = 4 5 6; tile 0 = x[0,2) y[0,2) z[0,2), z=1 is padding
    expect(Array.from(tiles.subarray(0, 8))).toEqual([1, 2, 4, 5, -1, -1, -1, -1]);
    expect(Array.from(tiles.subarray(8, 16))).toEqual([3, -1, 6, -1, -1, -1, -1, -1]);
  });
});

describe('tile + untile round trip is identity', () => {
  const cases: [string, [number, number, number], number, number][] = [
    ['exact multiple, no overlap', [4, 4, 2], 2, 0],
    ['non-multiple dims, no overlap', [5, 3, 7], 2, 0],
    ['overlap', [6, 5, 4], 3, 1],
    ['heavy overlap, non-multiple', [7, 4, 5], 4, 3],
  ];
  for (const [name, dims, size, overlap] of cases) {
    it(name, () => {
      const vol = ramp(dims[0] * dims[1] * dims[2]);
      const plan = planTiles(identityGeometry(dims), size, overlap);
      const tiles = extractTiles(vol, plan, 0);
      expect(Array.from(untile(tiles, 1, plan))).toEqual(Array.from(vol));
    });
  }

  it('keeps channels apart and averages overlapping values', () => {
    const dims: [number, number, number] = [3, 1, 1];
    const plan = planTiles(identityGeometry(dims), 2, 1); // tiles at x=0 and x=1, overlap on x=1
    const s = 8; // 2x2x2 voxels per tile and channel
    const tiles = new Float32Array(2 * 2 * s);
    tiles.fill(1, 0, s); // tile 0 channel 0
    tiles.fill(10, s, 2 * s); // tile 0 channel 1
    tiles.fill(3, 2 * s, 3 * s); // tile 1 channel 0
    tiles.fill(30, 3 * s, 4 * s); // tile 1 channel 1
    expect(Array.from(untile(tiles, 2, plan))).toEqual([1, 2, 3, 10, 20, 30]);
  });

  it('handles origin lists that are not a grid (per-voxel counts)', () => {
    const g = identityGeometry([3, 1, 1]);
    const plan = { volumeDims: [3, 1, 1] as [number, number, number], geometry: g, size: [2, 1, 1] as [number, number, number],
      origins: [[0, 0, 0], [1, 0, 0], [1, 0, 0]] as [number, number, number][] };
    expect(Array.from(untile(new Float32Array([2, 4, 5, 6, 6, 6]), 1, plan))).toEqual([2, 5, 6]);
  });
});
