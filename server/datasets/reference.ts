import type { DicomSeriesValue, LabelMapValue, VolumeValue } from '../../runtimes/core/values';
import { isRuntimeError } from '../../runtimes/core/errors';
import { geometryToNiftiAffine } from '../../runtimes/imaging/geometry';
import { segMasksOn, type SegObject } from '../../runtimes/imaging/seg';
import { ServiceError } from '../errors';
import { DATASET_LIMITS } from './mapping';

/** Largest difference between the scan's and the reference's voxel-to-world affines (mm) still taken as the same grid. */
export const GRID_TOLERANCE_MM = 1e-3;

const mismatch = (caseKey: string, why: string) => new ServiceError('DATASET_GRID_MISMATCH', `case ${caseKey}: the reference is not on the scan's grid (${why})`, { caseKey });
const invalidRef = (caseKey: string, why: string, details: Record<string, unknown> = {}) =>
  new ServiceError('DATASET_REFERENCE_INVALID', `case ${caseKey}: ${why}`, { caseKey, ...details });

/** Voxels per value of a label map (keys are the values as strings). */
export function labelCounts(data: ArrayLike<number>): Record<string, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i++) counts.set(data[i], (counts.get(data[i]) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]).map(([v, n]) => [String(v), n]));
}

function checkValueCount(caseKey: string, counts: Record<string, number>): void {
  const n = Object.keys(counts).length;
  if (n > DATASET_LIMITS.maxLabelValues) throw invalidRef(caseKey, `the reference holds ${n} distinct values (limit ${DATASET_LIMITS.maxLabelValues}); is it a label map?`, { values: n });
}

/**
 * A NIfTI reference on its scan's grid: same dims, affines equal within GRID_TOLERANCE_MM
 * (each entry), integer values in 0..65535. Returned with the scan's geometry, as uint8 when
 * every value fits.
 */
export function niftiReference(caseKey: string, scan: VolumeValue, ref: VolumeValue): LabelMapValue {
  const [a, b] = [scan.geometry, ref.geometry];
  if (a.dims.some((d, i) => d !== b.dims[i])) throw mismatch(caseKey, `dims ${b.dims.join('x')} vs the scan's ${a.dims.join('x')}`);
  const [fa, fb] = [geometryToNiftiAffine(a), geometryToNiftiAffine(b)];
  const worst = Math.max(...fa.flatMap((row, r) => row.map((v, c) => Math.abs(v - fb[r][c]))));
  if (!(worst <= GRID_TOLERANCE_MM)) throw mismatch(caseKey, `affines differ by up to ${worst.toPrecision(3)} mm (tolerance ${GRID_TOLERANCE_MM} mm)`);
  let max = 0;
  for (let i = 0; i < ref.data.length; i++) {
    const v = ref.data[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= 65535)) throw invalidRef(caseKey, `the reference holds the value ${v} at voxel ${i}; label values are integers 0..65535`);
    if (v > max) max = v;
  }
  const data = max > 255 ? Uint16Array.from(ref.data as ArrayLike<number>) : Uint8Array.from(ref.data as ArrayLike<number>);
  checkValueCount(caseKey, labelCounts(data));
  return { type: 'label-map', geometry: scan.geometry, data, labels: [] };
}

/**
 * A SEG reference placed on its series' volume grid: the SEG must reference the series (its
 * ReferencedSeriesSequence, or every frame's ReferencedSOPInstanceUID being one of the
 * series' instances), and every frame must land on a slice of the grid. Values are segment
 * numbers (where segments overlap, the higher number wins, as segToLabelMap does).
 */
export function segReference(caseKey: string, volume: VolumeValue, series: DicomSeriesValue, seg: SegObject): LabelMapValue {
  const sops = new Set(series.instances.map((i) => i.sopInstanceUid));
  const sources = seg.frames.map((f) => f.sourceSopInstanceUid).filter((u): u is string => !!u);
  const stranger = sources.find((u) => !sops.has(u));
  if (stranger) throw invalidRef(caseKey, `a SEG frame references instance ${stranger}, which is not in the case's image series`);
  const bySeries = seg.referencedSeriesInstanceUid === series.seriesInstanceUid;
  if (!bySeries && sources.length < seg.frames.length) throw invalidRef(caseKey, "the SEG does not reference the case's image series");
  let placed: ReturnType<typeof segMasksOn>;
  try {
    placed = segMasksOn(seg, volume.geometry);
  } catch (e) {
    if (isRuntimeError(e) && e.code === 'SHAPE_MISMATCH') throw mismatch(caseKey, e.message);
    throw e;
  }
  if (placed.dropped > 0) throw mismatch(caseKey, `${placed.dropped} SEG frame(s) fall on no slice of the series`);
  const numbers = [...placed.masks.keys()].sort((x, y) => x - y);
  const data = numbers.some((n) => n > 255) ? new Uint16Array(volume.data.length) : new Uint8Array(volume.data.length);
  for (const n of numbers) {
    const m = placed.masks.get(n)!;
    for (let i = 0; i < m.length; i++) if (m[i]) data[i] = n;
  }
  checkValueCount(caseKey, labelCounts(data));
  return { type: 'label-map', geometry: volume.geometry, data, labels: seg.segments.map((s) => ({ value: s.number, name: s.label || `segment ${s.number}` })) };
}
