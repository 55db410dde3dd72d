import type { Geometry } from '../../runtimes/core/values';

export type Plane = 'axial' | 'coronal' | 'sagittal';
export const PLANES: Plane[] = ['axial', 'coronal', 'sagittal'];
export type Ijk = [number, number, number];

/**
 * Display frame of one orthogonal plane, whatever the voxel order of the file (RAS, LIA...),
 * displayed radiologically: axial has patient left on screen right and anterior at the top;
 * coronal has patient left on screen right and superior at the top; sagittal has anterior on
 * the left and superior at the top. Slices run along the voxel axis closest to the plane's
 * normal, counted toward +S (axial), +P (coronal), +L (sagittal).
 */
export interface PlaneFrame {
  plane: Plane;
  /** Voxel axis (0 = i, 1 = j, 2 = k) shown as columns, rows and slices. */
  axes: [number, number, number];
  flip: [boolean, boolean, boolean];
  /** Display size [columns, rows, slices]. */
  size: [number, number, number];
  /** Pixel spacing in mm [column, row, slice]. */
  spacing: [number, number, number];
}

/** World LPS component (0 = L, 1 = P, 2 = S) and sense of columns, rows and slices per plane. */
const LAYOUT: Record<Plane, [[number, 1 | -1], [number, 1 | -1], [number, 1 | -1]]> = {
  axial: [[0, 1], [1, 1], [2, 1]],
  coronal: [[0, 1], [2, -1], [1, 1]],
  sagittal: [[1, 1], [2, -1], [0, 1]],
};

/** Component `w` of the world direction of voxel axis `a`. */
const dir = (g: Geometry, a: number, w: number) => g.direction[a * 3 + w]!;

export function planeFrame(g: Geometry, plane: Plane): PlaneFrame {
  const [[cw, cs], [rw, rs], [sw, ss]] = LAYOUT[plane];
  const pick = (w: number, from: number[]) => from.reduce((best, a) => (Math.abs(dir(g, a, w)) > Math.abs(dir(g, best, w)) ? a : best));
  const slice = pick(sw, [0, 1, 2]);
  const col = pick(cw, [0, 1, 2].filter((a) => a !== slice));
  const row = [0, 1, 2].find((a) => a !== slice && a !== col)!;
  const axes: [number, number, number] = [col, row, slice];
  return {
    plane,
    axes,
    flip: [cs * dir(g, col, cw) < 0, rs * dir(g, row, rw) < 0, ss * dir(g, slice, sw) < 0],
    size: axes.map((a) => g.dims[a]!) as [number, number, number],
    spacing: axes.map((a) => g.spacing[a]!) as [number, number, number],
  };
}

/** Voxel index [i, j, k] of display pixel (column c, row r) on display slice s. */
export function voxelOf(f: PlaneFrame, c: number, r: number, s: number): Ijk {
  const v: Ijk = [0, 0, 0];
  const d = [c, r, s];
  for (let n = 0; n < 3; n++) v[f.axes[n]!] = f.flip[n] ? f.size[n]! - 1 - d[n]! : d[n]!;
  return v;
}

/** Display [column, row, slice] of voxel `ijk` (inverse of voxelOf), rounded and clamped to the grid. */
export function displayOf(f: PlaneFrame, ijk: Ijk): [number, number, number] {
  return [0, 1, 2].map((n) => {
    const v = Math.min(f.size[n]! - 1, Math.max(0, Math.round(ijk[f.axes[n]!]!)));
    return f.flip[n] ? f.size[n]! - 1 - v : v;
  }) as [number, number, number];
}

/** Display slice showing voxel `ijk`. */
export const sliceOf = (f: PlaneFrame, ijk: Ijk): number => displayOf(f, ijk)[2];

/**
 * Linked crosshair: the voxel under display pixel (c, r) of slice s in frame `f` (a click),
 * clamped to the grid; every plane then shows sliceOf(frame, voxel) with the cross at displayOf.
 */
export function crosshairAt(f: PlaneFrame, c: number, r: number, s: number): Ijk {
  const clamp = (v: number, n: number) => Math.min(f.size[n]! - 1, Math.max(0, Math.floor(v)));
  return voxelOf(f, clamp(c, 0), clamp(r, 1), clamp(s, 2));
}
