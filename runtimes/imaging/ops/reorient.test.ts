import { describe, expect, it } from 'vitest';
import { ORIENTATION_CODES } from '../../../domain/nodes/orientation';
import type { Geometry } from '../../core/values';
import { identityGeometry, voxelToWorld, type Vec3 } from '../geometry';
import { isOrientationCode, orientationOf, planReorient, reorientData } from './reorient';

// 4x3x2 volume (x fastest) whose value encodes its coordinates: 100*z + 10*y + x.
const dims: Vec3 = [4, 3, 2];
const vol = new Int16Array(24).map((_, i) => 100 * Math.floor(i / 12) + 10 * (Math.floor(i / 4) % 3) + (i % 4));
const lps: Geometry = { ...identityGeometry(dims, [1, 2, 3]), origin: [10, 20, 30] };

describe('orientation codes', () => {
  it('lists the 48 valid codes and rejects repeats of one axis', () => {
    expect(ORIENTATION_CODES).toHaveLength(48);
    expect(new Set(ORIENTATION_CODES).size).toBe(48);
    expect(ORIENTATION_CODES.every(isOrientationCode)).toBe(true);
    for (const bad of ['LRS', 'RAA', 'XYZ', 'RA', 'RASR']) expect(isOrientationCode(bad)).toBe(false);
  });

  it('reads the code of a geometry: identity direction is LPS; NIfTI RAS is diag(-1,-1,1) in LPS', () => {
    expect(orientationOf(lps)).toBe('LPS');
    expect(orientationOf({ ...lps, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] })).toBe('RAS');
    // FreeSurfer conformed: x -> L, y -> I (-z), z -> A (-y)
    expect(orientationOf({ ...lps, direction: [1, 0, 0, 0, 0, -1, 0, -1, 0] })).toBe('LIA');
  });

  it('gives an oblique geometry its nearest axis-aligned code', () => {
    const c = Math.cos(0.3), s = Math.sin(0.3);
    expect(orientationOf({ ...lps, direction: [c, s, 0, -s, c, 0, 0, 0, 1] })).toBe('LPS');
  });
});

describe('reorient', () => {
  it('LPS -> RAS flips x and y, keeps z, and every voxel keeps its world position', () => {
    const plan = planReorient(lps, 'RAS');
    const out = reorientData(vol, dims, plan);
    expect(plan.geometry.dims).toEqual([4, 3, 2]);
    expect(orientationOf(plan.geometry)).toBe('RAS');
    // out voxel (0,0,0) is source (3,2,0)
    expect(out[0]).toBe(23);
    expect(voxelToWorld(plan.geometry, [0, 0, 0])).toEqual(voxelToWorld(lps, [3, 2, 0]));
    expect(voxelToWorld(plan.geometry, [1, 2, 1])).toEqual(voxelToWorld(lps, [2, 0, 1]));
  });

  it('LPS -> LIA permutes y and z (shape and spacing follow) and flips them', () => {
    const plan = planReorient(lps, 'LIA');
    const out = reorientData(vol, dims, plan);
    expect(plan.geometry.dims).toEqual([4, 2, 3]);
    expect(plan.geometry.spacing).toEqual([1, 3, 2]);
    const [nx, ny] = plan.geometry.dims;
    // out (x, y, z) = source (x, ny_src-1-z, nz_src-1-y)
    for (const [x, y, z] of [[0, 0, 0], [3, 1, 2], [2, 0, 1]]) {
      const want = 100 * (1 - y) + 10 * (2 - z) + x;
      expect(out[x + nx * (y + ny * z)]).toBe(want);
      const srcIjk: Vec3 = [x, 2 - z, 1 - y];
      const a = voxelToWorld(plan.geometry, [x, y, z]), b = voxelToWorld(lps, srcIjk);
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));
    }
  });

  it('is an identity to the current code and round-trips through any code', () => {
    expect(Array.from(reorientData(vol, dims, planReorient(lps, 'LPS')))).toEqual(Array.from(vol));
    for (const code of ['SAR', 'IRP', 'ALI']) {
      const there = planReorient(lps, code);
      const moved = reorientData(vol, dims, there);
      const back = planReorient(there.geometry, 'LPS');
      expect(Array.from(reorientData(moved, there.geometry.dims, back))).toEqual(Array.from(vol));
      expect(back.geometry.origin.map((v) => +v.toFixed(9))).toEqual(lps.origin);
    }
  });

  it('refuses a code that is not one', () => {
    expect(() => planReorient(lps, 'LLS')).toThrow(/not an orientation code/);
  });
});
