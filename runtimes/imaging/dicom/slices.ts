import { RuntimeError } from '../../core/errors';
import type { Geometry } from '../../core/values';
import { cross, dot, type Vec3 } from '../geometry';
import type { DicomInstance } from './instance';

const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / n, a[1] / n, a[2] / n];
};

/** Orientations equal within this (cosines): scanners write 5-6 decimals. */
const ORIENTATION_TOLERANCE = 1e-4;
/** Slice steps may differ from the median step by this fraction or SPACING_JITTER_MM before we warn. */
const SPACING_TOLERANCE = 0.02;
const SPACING_JITTER_MM = 0.15;

export interface SliceLayout {
  /** Instances in volume order (k = 0, 1, ...). */
  slices: DicomInstance[];
  geometry: Geometry;
  warnings: string[];
}

/**
 * Orders the slices of one series along the slice normal (row cosine x column cosine) by
 * ImagePositionPatient and derives the LPS geometry: x along the rows (columns index), y down
 * the columns, z along the normal. Refuses mixed orientations, sizes or duplicate positions
 * (DICOM_MIXED_SERIES); warns on uneven spacing, gaps and missing geometry.
 */
export function layoutSlices(instances: DicomInstance[]): SliceLayout {
  const warnings: string[] = [];
  const first = instances[0];
  for (const inst of instances) {
    if (inst.rows !== first.rows || inst.cols !== first.cols) {
      throw new RuntimeError('DICOM_MIXED_SERIES', `${inst.name} is ${inst.cols}x${inst.rows}, ${first.name} is ${first.cols}x${first.rows}: one series must have one image size`);
    }
    const [a, b] = [inst.pixelSpacing, first.pixelSpacing];
    if (a && b && (Math.abs(a[0] - b[0]) > 1e-4 || Math.abs(a[1] - b[1]) > 1e-4)) {
      throw new RuntimeError('DICOM_MIXED_SERIES', `${inst.name} has pixel spacing ${a.join('\\')}, ${first.name} ${b.join('\\')}`);
    }
  }
  const ps = first.pixelSpacing ?? (warnings.push('PixelSpacing is missing: assuming 1 mm'), [1, 1]);
  if (!ps.every((v) => v > 0 && Number.isFinite(v))) throw new RuntimeError('DICOM_PARSE', `${first.name}: PixelSpacing ${ps.join('\\')} is not positive`);
  if (!instances.every((i) => i.position && i.orientation)) return unpositioned(instances, ps, warnings);

  const iop = first.orientation!;
  for (const inst of instances) {
    if (inst.orientation!.some((v, i) => Math.abs(v - iop[i]) > ORIENTATION_TOLERANCE)) {
      throw new RuntimeError('DICOM_MIXED_SERIES', `${inst.name} has orientation ${inst.orientation!.join('\\')}, ${first.name} ${iop.join('\\')}: one volume needs one orientation`);
    }
  }
  const row = unit([iop[0], iop[1], iop[2]]);
  const col = unit([iop[3], iop[4], iop[5]]);
  if (![...row, ...col].every(Number.isFinite) || Math.abs(dot(row, col)) > 0.01) {
    throw new RuntimeError('DICOM_PARSE', `${first.name}: ImageOrientationPatient ${iop.join('\\')} is not two perpendicular unit vectors`);
  }
  const normal = unit(cross(row, col));
  const sorted = instances.map((inst) => ({ inst, d: dot(inst.position!, normal) })).sort((a, b) => a.d - b.d);
  const deltas = sorted.slice(1).map((s, i) => s.d - sorted[i].d);
  const dup = deltas.findIndex((d) => d < 1e-3);
  if (dup >= 0) {
    throw new RuntimeError('DICOM_MIXED_SERIES', `${sorted[dup].inst.name} and ${sorted[dup + 1].inst.name} are at the same position (several echoes, phases or a duplicate file?)`);
  }
  // Spacing that puts the first and last slice exactly where they are; the median step finds
  // outliers (IPP is often rounded to 0.1 mm, so small jitter is not worth a warning).
  const dz = deltas.length ? (sorted[sorted.length - 1].d - sorted[0].d) / deltas.length : declaredStep(first);
  const step = deltas.length ? median(deltas) : dz;
  if (deltas.some((d) => Math.abs(d - step) > Math.max(SPACING_JITTER_MM, SPACING_TOLERANCE * step))) {
    const gaps = deltas.filter((d) => d > 1.5 * step).length;
    warnings.push(`uneven slice spacing (${Math.min(...deltas).toFixed(3)}..${Math.max(...deltas).toFixed(3)} mm, using ${dz.toFixed(3)} mm)${gaps ? `: ${gaps} gap(s), missing slices?` : ''}`);
  }
  const origin = sorted[0].inst.position!;
  const lateral = sorted.some(({ inst, d }) => {
    const off = inst.position!.map((p, i) => p - origin[i] - (d - sorted[0].d) * normal[i]) as Vec3;
    return Math.hypot(off[0], off[1], off[2]) > Math.max(SPACING_JITTER_MM, SPACING_TOLERANCE * step);
  });
  if (lateral) warnings.push('slice positions drift across the slice plane (gantry tilt?): the geometry assumes an orthogonal stack');
  return {
    slices: sorted.map((s) => s.inst),
    geometry: { dims: [first.cols, first.rows, instances.length], spacing: [ps[1], ps[0], dz], origin: [...origin], direction: [...row, ...col, ...normal] },
    warnings,
  };
}

/** No ImagePositionPatient/Orientation: stack by InstanceNumber (then file order), axis-aligned. */
function unpositioned(instances: DicomInstance[], ps: number[], warnings: string[]): SliceLayout {
  warnings.push('ImagePositionPatient/ImageOrientationPatient missing: slices stacked by InstanceNumber with an identity orientation');
  const slices = [...instances].sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
  const dz = declaredStep(instances[0]);
  return {
    slices,
    geometry: { dims: [instances[0].cols, instances[0].rows, instances.length], spacing: [ps[1], ps[0], dz], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
    warnings,
  };
}

/** Slice step from the header (single slice or no positions): SpacingBetweenSlices, else thickness, else 1 mm. */
function declaredStep(inst: DicomInstance): number {
  return [inst.spacingBetweenSlices, inst.sliceThickness].find((v): v is number => v !== undefined && v > 0) ?? 1;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
