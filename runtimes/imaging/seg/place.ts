import { RuntimeError } from '../../core/errors';
import type { Geometry, LabelMapValue } from '../../core/values';
import { cross, dot, worldToVoxel, type Vec3 } from '../geometry';
import type { SegObject } from './read';


/**
 * The SEG's own grid: in-plane axes from ImageOrientationPatient, the slice axis along their
 * normal through the frame positions (sorted), slice spacing from SpacingBetweenSlices or else
 * the smallest gap between frame planes (1 mm for a single plane). Use it when the source
 * series is not at hand.
 */
export function segGeometry(seg: SegObject): Geometry {
  const o = seg.orientation;
  const normal = cross(o.slice(0, 3), o.slice(3, 6));
  const planes = [...new Map(seg.frames.map((f) => [dot(f.position, normal).toFixed(4), f.position])).values()]
    .sort((a, b) => dot(a, normal) - dot(b, normal));
  const heights = planes.map((p) => dot(p, normal));
  const gaps = heights.slice(1).map((h, i) => h - heights[i]);
  const sz = seg.spacingBetweenSlices ?? (gaps.length ? Math.min(...gaps) : seg.sliceThickness ?? 1);
  const nz = Math.round((heights[heights.length - 1] - heights[0]) / sz) + 1;
  return {
    dims: [seg.cols, seg.rows, nz],
    spacing: [seg.pixelSpacing[1], seg.pixelSpacing[0], sz],
    origin: [...planes[0]],
    direction: [o[0], o[1], o[2], o[3], o[4], o[5], normal[0], normal[1], normal[2]],
  };
}

/** Orientation and pixel spacing must match: no resampling (SHAPE_MISMATCH). */
function checkSameGrid(seg: SegObject, g: Geometry): void {
  const d = g.direction;
  const same = (a: number, b: number) => Math.abs(a - b) < 1e-4 * Math.max(1, Math.abs(b));
  if (![0, 1, 2, 3, 4, 5].every((i) => same(seg.orientation[i], d[i])) || !same(seg.pixelSpacing[1], g.spacing[0]) || !same(seg.pixelSpacing[0], g.spacing[1])) {
    throw new RuntimeError('SHAPE_MISMATCH', 'the segmentation grid (orientation or pixel spacing) differs from the target grid; resampling is not supported');
  }
}

/** Each frame of a described segment placed on `g` (`paint` per set voxel index); frames off the grid counted in the result. */
function placeFrames(seg: SegObject, g: Geometry, frames: readonly SegObject['frames'][number][], paint: (segmentNumber: number, index: number) => void): number {
  const [nx, ny, nz] = g.dims;
  const described = new Set(seg.segments.map((s) => s.number));
  let dropped = 0;
  for (const f of frames) {
    const v = worldToVoxel(g, f.position);
    const [i0, j0, k] = v.map(Math.round);
    if (!described.has(f.segmentNumber) || v.some((x, a) => Math.abs(x - [i0, j0, k][a]) > 0.1) || k < 0 || k >= nz) {
      dropped++;
      continue;
    }
    for (let r = 0; r < seg.rows; r++) {
      const y = j0 + r;
      if (y < 0 || y >= ny) continue;
      for (let c = 0; c < seg.cols; c++) {
        const x = i0 + c;
        if (x >= 0 && x < nx && f.mask[r * seg.cols + c]) paint(f.segmentNumber, x + nx * (y + ny * k));
      }
    }
  }
  return dropped;
}

/**
 * One 0/1 volume per segment number on grid `g` (e.g. the source CT's): each frame lands on the
 * slice its position maps to, shifted in-plane by its offset (so a cropped SEG lands right).
 * The grids must share orientation and pixel spacing (no resampling: SHAPE_MISMATCH).
 * Frames whose plane is not a slice of `g`, or off the grid, are counted in `dropped`.
 * Memory: one volume per segment; segLabelsOn needs one volume in all.
 */
export function segMasksOn(seg: SegObject, g: Geometry): { masks: Map<number, Uint8Array>; dropped: number } {
  checkSameGrid(seg, g);
  const n = g.dims[0] * g.dims[1] * g.dims[2];
  const masks = new Map(seg.segments.map((s) => [s.number, new Uint8Array(n)]));
  const dropped = placeFrames(seg, g, seg.frames, (number, i) => (masks.get(number)![i] = 1));
  return { masks, dropped };
}

/**
 * The label data on `g` in ONE volume (values `valueOf(segment number)`, 0 elsewhere; where
 * segments overlap the higher segment number wins), placed as segMasksOn places frames, with
 * the count of frames that fell off the grid.
 */
export function segLabelsOn(seg: SegObject, g: Geometry, valueOf: (segmentNumber: number) => number = (n) => n): { data: Uint8Array | Uint16Array; dropped: number } {
  checkSameGrid(seg, g);
  const n = g.dims[0] * g.dims[1] * g.dims[2];
  const data = seg.segments.some((s) => valueOf(s.number) > 255) ? new Uint16Array(n) : new Uint8Array(n);
  const values = new Map(seg.segments.map((s) => [s.number, valueOf(s.number)]));
  // ascending segment number (stable): a higher number painted later wins
  const frames = [...seg.frames].sort((a, b) => a.segmentNumber - b.segmentNumber);
  const dropped = placeFrames(seg, g, frames, (number, i) => (data[i] = values.get(number)!));
  return { data, dropped };
}

/**
 * A label map on `g` whose values are the segment numbers (or `valueOf(number)`); where
 * segments overlap, the higher segment number wins. Labels carry the segment labels.
 */
export function segToLabelMap(seg: SegObject, g: Geometry, valueOf: (segmentNumber: number) => number = (n) => n): LabelMapValue {
  const { data } = segLabelsOn(seg, g, valueOf);
  const segments = [...seg.segments].sort((a, b) => a.number - b.number);
  return { type: 'label-map', geometry: g, data, labels: segments.map((s) => ({ value: valueOf(s.number), name: s.label || `segment ${s.number}` })) };
}
