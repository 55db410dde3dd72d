import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../core/values';
import { voxelToWorld, worldToVoxel, type Vec3 } from '../geometry';
import { conformedGrid, scaleToUint8 } from './conform';
import { percentiles } from './percentile';
import { orientationOf, planReorient } from './reorient';

const LIA: Geometry['direction'] = [1, 0, 0, 0, 0, -1, 0, -1, 0];

describe('percentiles', () => {
  it('interpolate between order statistics as numpy does', () => {
    const v = new Float32Array([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    expect(percentiles(v, [0, 50, 100, 25])).toEqual([1, 5.5, 10, 3.25]);
    expect(percentiles(v, [99.9])[0]).toBeCloseTo(9.991, 9);
  });

  it('count integer data and sort the rest, to the same answer', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const u8 = Uint8Array.from({ length: 5001 }, () => Math.floor(rand() * 256));
    const i16 = Int16Array.from({ length: 5001 }, () => Math.floor(rand() * 4000) - 2000);
    for (const data of [u8, i16]) {
      const ps = [0, 0.5, 37.3, 99.9, 100];
      expect(percentiles(data, ps)).toEqual(percentiles(Float64Array.from(data), ps));
    }
  });
});

describe('conformedGrid', () => {
  it('of a conformed scan (256^3, 1 mm, LIA) is that scan\'s grid', () => {
    const g: Geometry = { dims: [256, 256, 256], spacing: [1, 1, 1], origin: [-127.6, 133.48, 134.48], direction: LIA };
    const c = conformedGrid(g, 256, 1, 'LIA');
    expect(c.dims).toEqual(g.dims);
    c.origin.forEach((v, i) => expect(v).toBeCloseTo(g.origin[i], 9));
    expect(c.direction).toEqual(g.direction);
  });

  it('of an RAS 197x233x189 scan at 0.9 mm: LIA, axis-aligned, centred on the scan, whatever its orientation', () => {
    const g: Geometry = { dims: [197, 233, 189], spacing: [0.9, 0.9, 0.9], origin: [88, 120, -70], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    const c = conformedGrid(g, 256, 1, 'LIA');
    expect(orientationOf(c)).toBe('LIA');
    expect(c.spacing).toEqual([1, 1, 1]);
    // centred: within half a scan voxel of the scan's middle on each axis
    const a = voxelToWorld(c, [127.5, 127.5, 127.5]), b = voxelToWorld(g, g.dims.map((n) => (n - 1) / 2) as Vec3);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(0.45 + 1e-9));
    // the same brain stored in another orientation conforms to the same grid
    const lps = planReorient(g, 'LPS').geometry;
    const again = conformedGrid(lps, 256, 1, 'LIA');
    again.origin.forEach((v, i) => expect(v).toBeCloseTo(c.origin[i], 6));
  });

  it('puts the conformed voxels on the voxel centres of a 1 mm axis-aligned scan of any size, stored either way round', () => {
    for (const dims of [[197, 233, 189], [196, 232, 188]] as Vec3[]) {
      const g: Geometry = { dims, spacing: [1, 1, 1], origin: [88.3, 120.1, -70.7], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
      for (const stored of [g, planReorient(g, 'LPS').geometry, planReorient(g, 'SAL').geometry]) {
        const c = conformedGrid(stored, 256, 1, 'LIA');
        const onScan = worldToVoxel(stored, voxelToWorld(c, [0, 0, 0]));
        onScan.forEach((v) => expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-9));
        expect(c.origin.map((v) => +v.toFixed(9))).toEqual(conformedGrid(g, 256, 1, 'LIA').origin.map((v) => +v.toFixed(9)));
      }
    }
  });
});

describe('scaleToUint8', () => {
  it('maps [lo, hi] to [0, 255], clamps and rounds; a flat range gives 0', () => {
    expect(Array.from(scaleToUint8(new Float32Array([-5, 10, 61, 110, 500]), 10, 110))).toEqual([0, 0, 130, 255, 255]);
    expect(Array.from(scaleToUint8(new Int16Array([3, 3]), 3, 3))).toEqual([0, 0]);
  });
});
