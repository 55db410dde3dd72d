import type { Geometry } from '../../core/values';
import { voxelToWorld, worldToVoxel, type Vec3 } from '../geometry';

export type { Vec3 };
/** 3x4 affine, row-major: out = M[:, 0..2] * v + M[:, 3]. */
export type Affine = [number, number, number, number, number, number, number, number, number, number, number, number];

/**
 * Maps voxel indices of grid `from` to (fractional) voxel indices of grid `to` through world
 * space. The map is affine, so it is read off the images of the origin and the three unit steps.
 */
export function gridToGrid(from: Geometry, to: Geometry): Affine {
  const at = (ijk: Vec3) => worldToVoxel(to, voxelToWorld(from, ijk));
  const o = at([0, 0, 0]);
  const cols = [at([1, 0, 0]), at([0, 1, 0]), at([0, 0, 1])].map((p) => [p[0] - o[0], p[1] - o[1], p[2] - o[2]]);
  return [0, 1, 2].flatMap((r) => [cols[0][r], cols[1][r], cols[2][r], o[r]]) as Affine;
}

export function applyAffine(m: Affine, v: Vec3): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2] + m[3],
    m[4] * v[0] + m[5] * v[1] + m[6] * v[2] + m[7],
    m[8] * v[0] + m[9] * v[1] + m[10] * v[2] + m[11],
  ];
}
