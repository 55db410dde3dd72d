import type { Geometry, TypedArray } from '../../runtimes/core/values';
import { voxelToWorld, worldToVoxel, type Vec3 } from '../../runtimes/imaging/geometry';
import { voxelOf, type PlaneFrame } from './plane-frame';

/**
 * Viewer maths (pure, browser and tests): slices of the image volume in any plane, and the label map
 * resampled into the image grid through both geometries (world LPS mm, nearest neighbour), so
 * a cropped or differently spaced label map lands on the right voxels.
 */

/**
 * Affine from voxel indices of grid `from` to (fractional) voxel indices of grid `to`, through
 * world space, as [c0, c1, c2, t] columns: to = c0*i + c1*j + c2*k + t.
 */
export function gridToGrid(from: Geometry, to: Geometry): [Vec3, Vec3, Vec3, Vec3] {
  const at = (ijk: Vec3) => worldToVoxel(to, voxelToWorld(from, ijk));
  const t = at([0, 0, 0]);
  const col = (e: Vec3): Vec3 => {
    const p = at(e);
    return [p[0] - t[0], p[1] - t[1], p[2] - t[2]];
  };
  return [col([1, 0, 0]), col([0, 1, 0]), col([0, 0, 1]), t];
}

/**
 * Label values of display slice `s` of the image (index = column + ncol * row, see PlaneFrame);
 * 0 where the label grid has no voxel.
 */
export function labelSliceInImageGrid(image: Geometry, frame: PlaneFrame, label: { geometry: Geometry; data: ArrayLike<number> }, s: number): Uint16Array {
  const [ncol, nrow] = frame.size;
  const [lx, ly, lz] = label.geometry.dims;
  const [ci, cj, ck, t] = gridToGrid(image, label.geometry);
  const out = new Uint16Array(ncol * nrow);
  for (let r = 0; r < nrow; r++) {
    for (let c = 0; c < ncol; c++) {
      const [i, j, k] = voxelOf(frame, c, r, s);
      const x = Math.round(ci[0] * i + cj[0] * j + ck[0] * k + t[0]);
      const y = Math.round(ci[1] * i + cj[1] * j + ck[1] * k + t[1]);
      const z = Math.round(ci[2] * i + cj[2] * j + ck[2] * k + t[2]);
      if (x < 0 || y < 0 || z < 0 || x >= lx || y >= ly || z >= lz) continue;
      out[c + ncol * r] = label.data[x + lx * (y + ly * z)]!;
    }
  }
  return out;
}

/** Distinct, colour-blind-friendly-ish label colours (value 1 -> first); background transparent. */
export const LABEL_COLOURS: [number, number, number][] = [
  [230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178], [213, 94, 0], [204, 121, 167], [153, 153, 255],
];
export const labelColour = (v: number, custom?: Map<number, [number, number, number]>) => custom?.get(v) ?? LABEL_COLOURS[(v - 1) % LABEL_COLOURS.length]!;

/** RGBA pixels of a label slice (opaque where labelled and not `hidden`; opacity is applied when drawing). */
export function colourise(labels: Uint16Array, custom?: Map<number, [number, number, number]>, hidden?: ReadonlySet<number>): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(labels.length * 4);
  for (let p = 0; p < labels.length; p++) {
    const v = labels[p]!;
    if (v === 0 || hidden?.has(v)) continue;
    const [r, g, b] = labelColour(v, custom);
    rgba.set([r, g, b, 255], p * 4);
  }
  return rgba;
}

/** Voxels of display slice `s` (index = column + ncol * row), in the volume's own element type. */
export function reslice<T extends TypedArray>(data: T, dims: [number, number, number], frame: PlaneFrame, s: number): T {
  const [ncol, nrow] = frame.size;
  const out = new (data.constructor as new (n: number) => T)(ncol * nrow);
  for (let r = 0; r < nrow; r++) {
    for (let c = 0; c < ncol; c++) {
      const [i, j, k] = voxelOf(frame, c, r, s);
      out[c + ncol * r] = data[i + dims[0] * (j + dims[1] * k)]!;
    }
  }
  return out;
}

/**
 * Stored pixels of display slice `s` for cornerstone, which indexes a LUT by stored value and so
 * needs integers: integer volumes pass through; float volumes are quantised to 0..4095 with
 * slope/intercept so window values stay in the volume's units.
 */
export function displaySlice(data: TypedArray, dims: [number, number, number], frame: PlaneFrame, s: number, range: { min: number; max: number }) {
  const src = reslice(data, dims, frame, s);
  const n = src.length;
  if (src instanceof Float32Array || src instanceof Float64Array || src instanceof Uint32Array || src instanceof Int32Array) {
    const span = range.max - range.min || 1;
    const slope = span / 4095;
    const out = new Uint16Array(n);
    for (let p = 0; p < n; p++) out[p] = Math.round((src[p]! - range.min) / slope);
    return { pixels: out, slope, intercept: range.min, min: 0, max: 4095 };
  }
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < n; p++) {
    const v = src[p]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { pixels: src, slope: 1, intercept: 0, min: Math.min(min, max), max: Math.max(min, max) };
}

export function volumeRange(data: TypedArray): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return data.length ? { min, max } : { min: 0, max: 0 };
}

/** Voxel counts per label value and volume in mL (1 mL = 1000 mm^3). */
export function labelVolumes(data: ArrayLike<number>, spacing: [number, number, number]) {
  const counts = new Map<number, number>();
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([value, voxels]) => ({ value, name: `label ${value}`, voxels, volumeMl: voxels * voxelMl }));
}
