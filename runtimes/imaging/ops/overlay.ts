import type { Geometry, LabelDef, TypedArray } from '../../core/values';
import type { Vec3 } from '../geometry';
import { gridToGrid, type Affine } from './geometry';
import { colorTable } from './palette';

export interface OverlayInput {
  image: { data: TypedArray; geometry: Geometry };
  labels: { data: Uint8Array | Uint16Array; geometry: Geometry; labels: LabelDef[] };
}

/**
 * Fills `out` (nx*ny, row-major) with the label of every pixel of axial image slice k, looked
 * up nearest-neighbour through world coordinates (image voxel -> world -> label voxel); 0 off
 * the label map. The affine is stepped along x (no per-pixel matrix product), and rows whose
 * label row/slice is fixed and outside the map are skipped whole (cropped label maps).
 */
function sampleSlice(m: Affine, input: OverlayInput, k: number, out: Uint8Array | Uint16Array): void {
  const [nx, ny] = input.image.geometry.dims;
  const [lx, ly, lz] = input.labels.geometry.dims;
  const data = input.labels.data;
  const shift = integerShift(m);
  if (shift) return copySlice(shift, input, k, out);
  const rowFixed = m[4] === 0 && m[8] === 0; // label y and z do not change along an image row
  out.fill(0);
  for (let j = 0; j < ny; j++) {
    let fx = m[1] * j + m[2] * k + m[3] + 0.5; // +0.5: floor() then rounds to nearest
    let fy = m[5] * j + m[6] * k + m[7] + 0.5;
    let fz = m[9] * j + m[10] * k + m[11] + 0.5;
    if (rowFixed) {
      const b = Math.floor(fy), c = Math.floor(fz);
      if (b < 0 || c < 0 || b >= ly || c >= lz) continue;
    }
    for (let i = 0, p = j * nx; i < nx; i++, p++, fx += m[0], fy += m[4], fz += m[8]) {
      const a = Math.floor(fx), b = Math.floor(fy), c = Math.floor(fz);
      if (a < 0 || b < 0 || c < 0 || a >= lx || b >= ly || c >= lz) continue;
      out[p] = data[a + lx * (b + ly * c)];
    }
  }
}

/** [dx, dy, dz] when the label grid is the image grid shifted by whole voxels (a crop), else undefined. */
function integerShift(m: Affine): [number, number, number] | undefined {
  const eps = 1e-6;
  const linear = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  if (linear.some((v, i) => Math.abs(v - (i % 4 === 0 ? 1 : 0)) > eps)) return undefined;
  const t = [m[3], m[7], m[11]].map((v) => Math.round(v));
  if (Math.abs(t[0] - m[3]) > eps || Math.abs(t[1] - m[7]) > eps || Math.abs(t[2] - m[11]) > eps) return undefined;
  return t as [number, number, number];
}

/** `sampleSlice` for a whole-voxel shift: row copies, no per-pixel arithmetic. */
function copySlice([dx, dy, dz]: [number, number, number], input: OverlayInput, k: number, out: Uint8Array | Uint16Array): void {
  const [nx, ny] = input.image.geometry.dims;
  const [lx, ly, lz] = input.labels.geometry.dims;
  out.fill(0);
  const c = k + dz;
  if (c < 0 || c >= lz) return;
  const i0 = Math.max(0, -dx), i1 = Math.min(nx, lx - dx);
  if (i1 <= i0) return;
  for (let j = Math.max(0, -dy); j < Math.min(ny, ly - dy); j++) {
    const from = i0 + dx + lx * (j + dy + ly * c);
    out.set(input.labels.data.subarray(from, from + i1 - i0), j * nx + i0);
  }
}

const sliceBuffer = (input: OverlayInput) => {
  const n = input.image.geometry.dims[0] * input.image.geometry.dims[1];
  return input.labels.data instanceof Uint8Array ? new Uint8Array(n) : new Uint16Array(n);
};

/** The axial image slice with most labelled pixels (lowest on ties; the middle one when none). */
export function busiestSlice(input: OverlayInput): number {
  const m = gridToGrid(input.image.geometry, input.labels.geometry);
  const nz = input.image.geometry.dims[2];
  const buf = sliceBuffer(input);
  let best = -1, bestCount = 0;
  for (let k = 0; k < nz; k++) {
    sampleSlice(m, input, k, buf);
    let n = 0;
    for (let p = 0; p < buf.length; p++) if (buf[p] !== 0) n++;
    if (n > bestCount) {
      bestCount = n;
      best = k;
    }
  }
  return best >= 0 ? best : Math.floor(nz / 2);
}

/** Which image axes `renderOverlay` mirrors: those pointing right or anterior in LPS. */
function displayFlips(g: Geometry): { flipX: boolean; flipY: boolean } {
  return { flipX: g.direction[0] < 0, flipY: g.direction[4] < 0 };
}

/**
 * Patient directions (LPS unit vectors) of the rendered picture's rows (left to right) and
 * columns (top to bottom), for writers that must say how the picture lies (DICOM
 * PatientOrientation).
 */
export function displayAxes(g: Geometry): { row: Vec3; column: Vec3 } {
  const { flipX, flipY } = displayFlips(g);
  const d = g.direction;
  const sign = (flip: boolean) => (flip ? -1 : 1);
  return {
    row: [d[0] * sign(flipX), d[1] * sign(flipX), d[2] * sign(flipX)],
    column: [d[3] * sign(flipY), d[4] * sign(flipY), d[5] * sign(flipY)],
  };
}

/**
 * RGB pixels of axial slice k: the image min-max windowed to grey over that slice, labels
 * blended with `opacity`. Displayed radiologically (patient left on the right, anterior up):
 * axes pointing the other way in LPS are flipped.
 */
export function renderOverlay(input: OverlayInput, k: number, opacity: number): { width: number; height: number; rgb: Uint8Array } {
  const { geometry, data } = input.image;
  const [nx, ny] = geometry.dims;
  const plane = nx * ny;
  const base = k * plane;
  let min = Infinity, max = -Infinity;
  for (let p = base; p < base + plane; p++) {
    const v = data[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const { flipX, flipY } = displayFlips(geometry);
  const pixel = (i: number, j: number) => (flipY ? ny - 1 - j : j) * nx + (flipX ? nx - 1 - i : i);
  const rgb = new Uint8Array(plane * 3);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const g = Math.round((data[base + i + nx * j] - min) * scale);
      const p = pixel(i, j) * 3;
      rgb[p] = rgb[p + 1] = rgb[p + 2] = g;
    }
  }
  const lut = colorTable(input.labels.labels, input.labels.data instanceof Uint8Array ? 255 : 65535);
  const labelled = sliceBuffer(input);
  sampleSlice(gridToGrid(geometry, input.labels.geometry), input, k, labelled);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = labelled[i + nx * j];
      if (v === 0) continue;
      const p = pixel(i, j) * 3;
      for (let c = 0; c < 3; c++) rgb[p + c] = Math.round(rgb[p + c] * (1 - opacity) + lut[v * 3 + c] * opacity);
    }
  }
  return { width: nx, height: ny, rgb };
}
