import { DomainError } from '../errors';
import { checkSameGrid, type Box, type LabelGrid, labelExtents } from './grid';
import { percentileSorted } from './percentile';
import { cropLabel, directedDistances, PRED_SURFACE, REF_SURFACE } from './surface';

/**
 * Segmentation metrics of one prediction against one reference, per label. Every definition
 * (surface voxels, distances, percentile method, empty masks) is in docs/evaluation-metrics.md.
 */
export type { LabelGrid } from './grid';
export { MAX_GRID_VOXELS } from './grid';

export interface LabelMetrics {
  label: number;
  /** 2|P∩R| / (|P|+|R|); 1 when both are empty, so never null under this rule. */
  dice: number | null;
  /** max of the two directed 95th percentiles of surface distances (mm); null when exactly one mask is empty. */
  hd95Mm: number | null;
  /** mean of all surface distances of both directions (mm); null when exactly one mask is empty. */
  assdMm: number | null;
  /** share of surface voxels of both masks within toleranceMm of the other surface. */
  surfaceDice: number | null;
  volumeRefMl: number;
  volumePredMl: number;
  /** volumePredMl - volumeRefMl */
  volumeDiffMl: number;
  refEmpty: boolean;
  predEmpty: boolean;
  /** Voxel and surface voxel counts behind the figures above. */
  refVoxels: number;
  predVoxels: number;
  refSurfaceVoxels: number;
  predSurfaceVoxels: number;
}

export const METRIC_NAMES = ['dice', 'hd95Mm', 'assdMm', 'surfaceDice', 'volumeDiffMl'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
/**
 * Which way is better. volumeDiffMl is signed (pred - ref) and best at 0: it is `false` here,
 * and RANK_BY_MAGNITUDE says to compare its absolute value.
 */
export const HIGHER_IS_BETTER: Record<MetricName, boolean> = { dice: true, hd95Mm: false, assdMm: false, surfaceDice: true, volumeDiffMl: false };
export const RANK_BY_MAGNITUDE: Record<MetricName, boolean> = { dice: false, hd95Mm: false, assdMm: false, surfaceDice: false, volumeDiffMl: true };

export const DEFAULT_TOLERANCE_MM = 1;
export const MAX_LABELS = 1000;
/** A distance equal to the tolerance in exact arithmetic counts as within it, whatever the rounding. */
export const TOLERANCE_SLACK = 1 + 1e-9;

export function labelMetrics(pred: LabelGrid, ref: LabelGrid, labels: readonly number[], opts: { toleranceMm?: number } = {}): LabelMetrics[] {
  checkSameGrid(pred, ref);
  const tolerance = opts.toleranceMm ?? DEFAULT_TOLERANCE_MM;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new DomainError('BAD_PARAMS', 'toleranceMm must be a finite number >= 0', { toleranceMm: tolerance });
  if (labels.length > MAX_LABELS || !labels.every(Number.isFinite)) {
    throw new DomainError('BAD_PARAMS', `labels must be at most ${MAX_LABELS} finite numbers`, { labels: labels.length });
  }
  const predExtents = labelExtents(pred.data, pred.dims, labels);
  const refExtents = labelExtents(ref.data, ref.dims, labels);
  const voxelMl = (pred.spacing[0] * pred.spacing[1] * pred.spacing[2]) / 1000;
  return labels.map((label, n) => {
    const p = predExtents[n], r = refExtents[n];
    const base = {
      label, volumePredMl: p.count * voxelMl, volumeRefMl: r.count * voxelMl, volumeDiffMl: (p.count - r.count) * voxelMl,
      predEmpty: p.count === 0, refEmpty: r.count === 0, predVoxels: p.count, refVoxels: r.count,
    };
    if (p.count === 0 && r.count === 0) {
      return { ...base, dice: 1, hd95Mm: 0, assdMm: 0, surfaceDice: 1, predSurfaceVoxels: 0, refSurfaceVoxels: 0 };
    }
    const box = unionBox(p.box, r.box);
    const crop = cropLabel(pred, ref, label, box);
    const dice = (2 * crop.intersection) / (p.count + r.count);
    const surfaces = { predSurfaceVoxels: crop.predSurface, refSurfaceVoxels: crop.refSurface };
    if (p.count === 0 || r.count === 0) return { ...base, ...surfaces, dice, hd95Mm: null, assdMm: null, surfaceDice: 0 };
    const scratch = new Float64Array(crop.bits.length);
    const fromPred = directedDistances(crop, pred.spacing, PRED_SURFACE, REF_SURFACE, scratch);
    const fromRef = directedDistances(crop, pred.spacing, REF_SURFACE, PRED_SURFACE, scratch);
    const total = fromPred.length + fromRef.length;
    const limit = tolerance * TOLERANCE_SLACK;
    let sum = 0, within = 0;
    for (const d of fromPred) { sum += d; if (d <= limit) within++; }
    for (const d of fromRef) { sum += d; if (d <= limit) within++; }
    const hd95Mm = Math.max(percentileSorted(fromPred.sort(), 95), percentileSorted(fromRef.sort(), 95));
    return { ...base, ...surfaces, dice, hd95Mm, assdMm: sum / total, surfaceDice: within / total };
  });
}

function unionBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.min(a[2], b[2]), Math.max(a[3], b[3]), Math.max(a[4], b[4]), Math.max(a[5], b[5])];
}
