import type { Geometry, TypedArray } from '../../core/values';
import { voxelToWorld, type Vec3 } from '../geometry';
import { planReorient } from './reorient';
import { scaleToUint8Into } from './resample-slab.mjs';

/**
 * FreeSurfer's conformed grid (mri_convert --conform): `size`^3 voxels of `spacing` mm in
 * orientation `code` (LIA), axis-aligned, centred on the scan. Centres are the geometric ones
 * (voxel (n-1)/2 on both grids) where FreeSurfer's c_ras takes voxel n/2, so the same brain
 * stored in any orientation conforms to the same grid. Along a scan axis of odd length the centre
 * moves half a scan voxel (towards the axis's positive LPS direction, whatever way the axis
 * runs): the conformed voxels then fall on the scan's own voxel centres whenever the scan is
 * axis-aligned at the conformed spacing (any 1 mm scan, cropped or not), and no voxel is blurred.
 */
export function conformedGrid(g: Geometry, size: number, spacing: number, code: string): Geometry {
  const axes: Geometry = { dims: [1, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const direction = planReorient(axes, code).geometry.direction;
  const centre = voxelToWorld(g, g.dims.map((n, a) => {
    if (n % 2 === 0) return (n - 1) / 2;
    const column = g.direction.slice(a * 3, a * 3 + 3);
    const major = column.reduce((best, v, r) => (Math.abs(v) > Math.abs(column[best]) ? r : best), 0);
    return (n - 1) / 2 + (column[major] > 0 ? 0.5 : -0.5);
  }) as Vec3);
  const half = (size - 1) / 2;
  const origin = [0, 1, 2].map((r) => centre[r] - spacing * half * (direction[r] + direction[3 + r] + direction[6 + r])) as Vec3;
  return { dims: [size, size, size], spacing: [spacing, spacing, spacing], origin, direction };
}

/** Values scaled so [lo, hi] spans [0, 255], clamped and rounded to uint8 (a flat range gives 0). */
export function scaleToUint8(data: TypedArray, lo: number, hi: number): Uint8Array {
  const out = new Uint8Array(data.length);
  scaleToUint8Into(data, out, 0, lo, hi);
  return out;
}
