import { RuntimeError } from '../../core/errors';
import type { DicomSeriesValue, Geometry, LabelMapValue } from '../../core/values';
import { dot, voxelToWorld, type Vec3 } from '../geometry';
import { packMatching, packedLength } from './bits';
import type { Code } from './codes';

/** What one SEG segment is: which label value, its name, codes and display colour. */
export interface SegmentDescription {
  /** Label value in the label map (1..65535; 0 is background). */
  value: number;
  label: string;
  category: Code;
  type: Code;
  /** Display colour [r, g, b] 0-255 (written as CIELab). */
  color?: [number, number, number];
  description?: string;
}

export type SourceInstance = DicomSeriesValue['instances'][number];

/** One SEG frame: segment `segmentNumber` (1-based, order of `segments`) on label-map slice `slice`. */
export interface PlannedFrame {
  segmentNumber: number;
  slice: number;
  /** 1-based rank of the slice among the slices that have frames (the IPP dimension index). */
  positionIndex: number;
  position: Vec3;
  /** The source instance lying in the slice's plane, if any (for DerivationImageSequence). */
  source?: SourceInstance;
}

export interface FramePlan {
  frames: PlannedFrame[];
  /** Bit-packed frames, even length. */
  pixelData: Uint8Array;
}


/**
 * Chooses the frames: one per (segment, slice) with at least one voxel of the segment's value,
 * segment-major then slice order (as the DimensionIndexSequence says). A label map without any
 * segment voxel still gets one empty frame (segment 1, slice 0): NumberOfFrames must be >= 1.
 * Label values not listed in `segments` are not written.
 */
export function planFrames(labels: LabelMapValue, source: DicomSeriesValue, segments: SegmentDescription[]): FramePlan {
  checkSegments(segments);
  const g = labels.geometry;
  const [nx, ny, nz] = g.dims;
  const plane = nx * ny;
  if (nx > 65535 || ny > 65535) throw new RuntimeError('BAD_NODE_INPUT', `a ${nx}x${ny} slice does not fit DICOM Rows/Columns`);
  const index = new Int32Array(65536).fill(-1);
  segments.forEach((s, i) => (index[s.value] = i));
  // present[i * nz + k]: segment i has a voxel on slice k.
  const present = new Uint8Array(segments.length * nz);
  const data = labels.data;
  for (let k = 0; k < nz; k++) {
    for (let p = k * plane, end = p + plane; p < end; p++) {
      const i = index[data[p]];
      if (i >= 0) present[i * nz + k] = 1;
    }
  }
  if (!present.includes(1)) present[0] = 1;
  const used: number[] = [];
  for (let k = 0; k < nz; k++) if (segments.some((_, i) => present[i * nz + k])) used.push(k);
  const rank = new Map(used.map((k, r) => [k, r + 1]));
  const match = sourceMatcher(labels.geometry, source.instances);
  const frames: PlannedFrame[] = [];
  segments.forEach((_, i) => {
    for (let k = 0; k < nz; k++) {
      if (!present[i * nz + k]) continue;
      const position = voxelToWorld(g, [0, 0, k]);
      frames.push({ segmentNumber: i + 1, slice: k, positionIndex: rank.get(k)!, position, source: match(position) });
    }
  });
  const pixelData = new Uint8Array(packedLength(frames.length, plane));
  frames.forEach((f, n) => packMatching(pixelData, n * plane, data, f.slice * plane, plane, segments[f.segmentNumber - 1].value));
  return { frames, pixelData };
}

function checkSegments(segments: SegmentDescription[]): void {
  if (segments.length === 0) throw new RuntimeError('BAD_NODE_INPUT', 'a DICOM SEG needs at least one segment');
  const seen = new Set<number>();
  for (const s of segments) {
    if (!Number.isInteger(s.value) || s.value < 1 || s.value > 65535) {
      throw new RuntimeError('BAD_NODE_INPUT', `segment "${s.label}" has label value ${s.value}; values are 1..65535 (0 is background)`);
    }
    if (seen.has(s.value)) throw new RuntimeError('BAD_NODE_INPUT', `label value ${s.value} is described twice`);
    seen.add(s.value);
    for (const c of [s.category, s.type]) {
      // CodeValue and CodingSchemeDesignator are SH (16 chars), CodeMeaning LO (64); no "\\".
      const ok = /^[^\\]{1,16}$/.test(c.value) && /^[^\\]{1,16}$/.test(c.scheme) && /^[^\\]{1,64}$/.test(c.meaning);
      if (!ok) throw new RuntimeError('BAD_NODE_INPUT', `segment "${s.label}": code (${c.scheme}, ${c.value}, "${c.meaning}") does not fit DICOM (value and scheme 1-16 characters, meaning 1-64)`);
    }
  }
}

/**
 * Finds the source instance whose plane contains a slice origin: its position projected on the
 * slice normal within a tenth of the slice spacing (0.01 mm at least). A cropped label map
 * still matches (in-plane offsets do not count); a resampled one may not (no reference).
 * Shared by the SEG frames and the Secondary Capture slices.
 */
export function sourceMatcher(geometry: Geometry, instances: SourceInstance[]) {
  const d = geometry.direction;
  const row = [d[0], d[1], d[2]];
  const col = [d[3], d[4], d[5]];
  const n = [row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]];
  const len = Math.hypot(n[0], n[1], n[2]) || 1;
  const normal = n.map((v) => v / len);
  const tol = Math.max(0.01, 0.1 * Math.abs(geometry.spacing[2] * dot([d[6], d[7], d[8]], normal)));
  const along = instances.map((inst) => dot(inst.position, normal));
  return (position: Vec3): SourceInstance | undefined => {
    const h = dot(position, normal);
    let best = -1;
    for (let i = 0; i < instances.length; i++) {
      if (Math.abs(along[i] - h) <= tol && (best < 0 || Math.abs(along[i] - h) < Math.abs(along[best] - h))) best = i;
    }
    return best < 0 ? undefined : instances[best];
  };
}
