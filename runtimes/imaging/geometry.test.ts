import { describe, expect, it } from 'vitest';
import type { Geometry } from '../core/values';
import {
  geometryToNiftiAffine, identityGeometry, niftiAffineToGeometry, subGeometry, voxelToWorld, voxelVolumeMl, worldToVoxel,
} from './geometry';

const oblique: Geometry = {
  dims: [10, 20, 30],
  spacing: [0.5, 0.75, 2],
  origin: [100, -50, 25],
  // columns: i, j, k axes (orthonormal, rotated 30 degrees about z)
  direction: [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0, -Math.sin(Math.PI / 6), Math.cos(Math.PI / 6), 0, 0, 0, 1],
};

describe('geometry', () => {
  it('maps voxels to LPS world and back', () => {
    expect(voxelToWorld(identityGeometry([2, 2, 2], [1, 2, 3]), [1, 1, 1])).toEqual([1, 2, 3]);
    const w = voxelToWorld(oblique, [2, 0, 0]);
    expect(w[0]).toBeCloseTo(100 + Math.cos(Math.PI / 6), 10);
    expect(w[1]).toBeCloseTo(-50 + 0.5, 10);
    const ijk = worldToVoxel(oblique, voxelToWorld(oblique, [3.5, -2, 7]));
    [3.5, -2, 7].forEach((x, i) => expect(ijk[i]).toBeCloseTo(x, 10));
  });

  it('converts to a NIfTI RAS affine (x and y flipped) and back', () => {
    const a = geometryToNiftiAffine(identityGeometry([4, 4, 4], [1, 2, 3]));
    expect(a[0]).toEqual([-1, -0, -0, -0]);
    expect(a[2]).toEqual([0, 0, 3, 0]);
    const back = niftiAffineToGeometry(geometryToNiftiAffine(oblique), oblique.dims);
    back.spacing.forEach((x, i) => expect(x).toBeCloseTo(oblique.spacing[i], 12));
    back.origin.forEach((x, i) => expect(x).toBeCloseTo(oblique.origin[i], 12));
    back.direction.forEach((x, i) => expect(x).toBeCloseTo(oblique.direction[i], 12));
    expect(() => niftiAffineToGeometry([[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], [1, 1, 1])).toThrow(RangeError);
  });

  it('gives a sub-box the origin of its first voxel', () => {
    const sub = subGeometry(oblique, [2, -3, 5], [4, 4, 4]);
    expect(sub.dims).toEqual([4, 4, 4]);
    expect(sub.origin).toEqual(voxelToWorld(oblique, [2, -3, 5]));
    // voxel (0,0,0) of the sub box is voxel (2,-3,5) of the parent
    const p = voxelToWorld(sub, [1, 1, 1]);
    const q = voxelToWorld(oblique, [3, -2, 6]);
    p.forEach((x, i) => expect(x).toBeCloseTo(q[i], 10));
  });

  it('computes voxel volume in mL', () => {
    expect(voxelVolumeMl(identityGeometry([1, 1, 1], [1, 1, 1]))).toBe(0.001);
    expect(voxelVolumeMl(oblique)).toBeCloseTo(0.00075, 12);
  });
});
