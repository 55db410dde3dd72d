import type { Geometry } from '../../runtimes/core/values';

/**
 * Display frame of a true axial view, whatever the voxel order of the file (RAS, LIA...):
 * slices run along the voxel axis closest to world S, columns along the axis closest to world
 * L (patient left on screen right: radiological convention), rows along the axis closest to
 * world P (anterior at the top). Flips make display indices increase toward +L, +P, +S (LPS).
 */
export interface AxialFrame {
  /** Voxel axis (0 = i, 1 = j, 2 = k) shown as columns, rows and slices. */
  axes: [number, number, number];
  flip: [boolean, boolean, boolean];
  /** Display size [columns, rows, slices]. */
  size: [number, number, number];
  /** Pixel spacing in mm [column, row, slice]. */
  spacing: [number, number, number];
}

/** Component `w` (0 = L, 1 = P, 2 = S) of the world direction of voxel axis `a`. */
const dir = (g: Geometry, a: number, w: number) => g.direction[a * 3 + w]!;

export function axialFrame(g: Geometry): AxialFrame {
  const pick = (w: number, from: number[]) => from.reduce((best, a) => (Math.abs(dir(g, a, w)) > Math.abs(dir(g, best, w)) ? a : best));
  const slice = pick(2, [0, 1, 2]);
  const col = pick(0, [0, 1, 2].filter((a) => a !== slice));
  const row = [0, 1, 2].find((a) => a !== slice && a !== col)!;
  const axes: [number, number, number] = [col, row, slice];
  return {
    axes,
    flip: [dir(g, col, 0) < 0, dir(g, row, 1) < 0, dir(g, slice, 2) < 0],
    size: axes.map((a) => g.dims[a]!) as [number, number, number],
    spacing: axes.map((a) => g.spacing[a]!) as [number, number, number],
  };
}

/** Voxel index [i, j, k] of display pixel (column c, row r) on display slice s. */
export function voxelOf(f: AxialFrame, c: number, r: number, s: number): [number, number, number] {
  const v: [number, number, number] = [0, 0, 0];
  const d = [c, r, s];
  for (let n = 0; n < 3; n++) v[f.axes[n]!] = f.flip[n] ? f.size[n]! - 1 - d[n]! : d[n]!;
  return v;
}

/** Display slice showing voxel index `ijk` (inverse of voxelOf along the slice axis). */
export function sliceOf(f: AxialFrame, ijk: [number, number, number]): number {
  const v = Math.round(ijk[f.axes[2]]!);
  return Math.min(f.size[2] - 1, Math.max(0, f.flip[2] ? f.size[2] - 1 - v : v));
}
