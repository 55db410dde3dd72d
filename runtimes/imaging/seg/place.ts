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

/**
 * One 0/1 volume per segment number on grid `g` (e.g. the source CT's): each frame lands on the
 * slice its position maps to, shifted in-plane by its offset (so a cropped SEG lands right).
 * The grids must share orientation and pixel spacing (no resampling: SHAPE_MISMATCH).
 * Frames whose plane is not a slice of `g`, or off the grid, are counted in `dropped`.
 */
export function segMasksOn(seg: SegObject, g: Geometry): { masks: Map<number, Uint8Array>; dropped: number } {
  const d = g.direction;
  const same = (a: number, b: number) => Math.abs(a - b) < 1e-4 * Math.max(1, Math.abs(b));
  if (![0, 1, 2, 3, 4, 5].every((i) => same(seg.orientation[i], d[i])) || !same(seg.pixelSpacing[1], g.spacing[0]) || !same(seg.pixelSpacing[0], g.spacing[1])) {
    throw new RuntimeError('SHAPE_MISMATCH', 'the segmentation grid (orientation or pixel spacing) differs from the target grid; resampling is not supported');
  }
  const [nx, ny, nz] = g.dims;
  const masks = new Map(seg.segments.map((s) => [s.number, new Uint8Array(nx * ny * nz)]));
  let dropped = 0;
  for (const f of seg.frames) {
    const v = worldToVoxel(g, f.position);
    const [i0, j0, k] = v.map(Math.round);
    const out = masks.get(f.segmentNumber);
    if (!out || v.some((x, a) => Math.abs(x - [i0, j0, k][a]) > 0.1) || k < 0 || k >= nz) {
      dropped++;
      continue;
    }
    for (let r = 0; r < seg.rows; r++) {
      const y = j0 + r;
      if (y < 0 || y >= ny) continue;
      for (let c = 0; c < seg.cols; c++) {
        const x = i0 + c;
        if (x >= 0 && x < nx && f.mask[r * seg.cols + c]) out[x + nx * (y + ny * k)] = 1;
      }
    }
  }
  return { masks, dropped };
}

/**
 * A label map on `g` whose values are the segment numbers (or `valueOf(number)`); where
 * segments overlap, the higher segment number wins. Labels carry the segment labels.
 */
export function segToLabelMap(seg: SegObject, g: Geometry, valueOf: (segmentNumber: number) => number = (n) => n): LabelMapValue {
  const { masks } = segMasksOn(seg, g);
  const segments = [...seg.segments].sort((a, b) => a.number - b.number);
  const wide = segments.some((s) => valueOf(s.number) > 255);
  const data = wide ? new Uint16Array(g.dims[0] * g.dims[1] * g.dims[2]) : new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]);
  for (const s of segments) {
    const m = masks.get(s.number)!;
    const value = valueOf(s.number);
    for (let i = 0; i < m.length; i++) if (m[i]) data[i] = value;
  }
  return { type: 'label-map', geometry: g, data, labels: segments.map((s) => ({ value: valueOf(s.number), name: s.label || `segment ${s.number}` })) };
}
