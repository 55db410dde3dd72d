import { DomainError } from '../errors';

/** A label volume: values in NIfTI file order (i fastest), with the voxel size along i, j, k. */
export interface LabelGrid {
  /** Label values, i (x) fastest, then j, then k; length = dims[0] * dims[1] * dims[2]. */
  data: ArrayLike<number>;
  dims: readonly [number, number, number];
  /** mm per voxel along i, j, k (the column norms of the affine). */
  spacing: readonly [number, number, number];
}

/** The largest grid the evaluation code accepts: 512^3 voxels. */
export const MAX_GRID_VOXELS = 512 ** 3;
/** Relative tolerance within which two grids' spacings count as equal. */
export const SPACING_TOLERANCE = 1e-4;

/** Throws BAD_PARAMS / GRID_TOO_LARGE unless `grid` is a well-formed grid within the size limit. */
export function checkGrid(grid: LabelGrid, name = 'grid'): number {
  const { dims, spacing } = grid;
  if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
    throw new DomainError('BAD_PARAMS', `${name}: dims must be three positive integers`, { dims: [...dims] });
  }
  if (spacing.length !== 3 || !spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new DomainError('BAD_PARAMS', `${name}: spacing must be three positive finite numbers (mm)`, { spacing: [...spacing] });
  }
  const voxels = dims[0] * dims[1] * dims[2];
  if (voxels > MAX_GRID_VOXELS) {
    throw new DomainError('GRID_TOO_LARGE', `${name}: ${dims.join('x')} is more than ${MAX_GRID_VOXELS} voxels (512^3)`, { dims: [...dims], limit: MAX_GRID_VOXELS });
  }
  if (grid.data.length !== voxels) {
    throw new DomainError('BAD_PARAMS', `${name}: ${grid.data.length} values for ${dims.join('x')} voxels`, { length: grid.data.length, voxels });
  }
  return voxels;
}

/** Throws GRID_MISMATCH unless both grids have the same dims and spacing (within 1e-4 relative). */
export function checkSameGrid(pred: LabelGrid, ref: LabelGrid): void {
  checkGrid(pred, 'pred');
  checkGrid(ref, 'ref');
  const dimsDiffer = pred.dims.some((d, a) => d !== ref.dims[a]);
  const spacingDiffers = pred.spacing.some((s, a) => Math.abs(s - ref.spacing[a]) > SPACING_TOLERANCE * Math.max(s, ref.spacing[a]));
  if (dimsDiffer || spacingDiffers) {
    throw new DomainError('GRID_MISMATCH', `prediction and reference grids differ (${dimsDiffer ? 'dims' : 'spacing'})`, {
      predDims: [...pred.dims], refDims: [...ref.dims], predSpacing: [...pred.spacing], refSpacing: [...ref.spacing],
    });
  }
}

/** A dataset's reference values to pipeline labels (LabelMapping's entries, types.ts). */
export interface ValueMapping {
  entries: readonly { reference: number; label: number }[];
}

/** Reference values mapped to pipeline labels (unmapped values become background 0). */
export function applyMapping(data: Uint8Array | Uint16Array, mapping: ValueMapping): Uint16Array {
  const lut = new Uint16Array(65536);
  for (const e of mapping.entries) lut[e.reference] = e.label;
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = lut[data[i]];
  return out;
}

/** Inclusive voxel bounding box [i0, j0, k0, i1, j1, k1]; i0 > i1 when empty. */
export type Box = [number, number, number, number, number, number];
const emptyBox = (): Box => [Infinity, Infinity, Infinity, -1, -1, -1];

export interface LabelExtent {
  count: number;
  box: Box;
}

/**
 * One pass over `data`: voxel count and bounding box of each of `labels` (values compared with
 * ===, so label 3 never matches 3.5).
 */
export function labelExtents(data: ArrayLike<number>, dims: readonly [number, number, number], labels: readonly number[]): LabelExtent[] {
  const slot = new Map<number, number>();
  labels.forEach((l, n) => { if (!slot.has(l)) slot.set(l, n); });
  const out = labels.map(() => ({ count: 0, box: emptyBox() }));
  const [ni, nj, nk] = dims;
  let lastValue = NaN, lastSlot: number | undefined;
  let v = 0;
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, v++) {
        const value = data[v];
        if (value !== lastValue) { lastValue = value; lastSlot = slot.get(value); }
        if (lastSlot === undefined) continue;
        const e = out[lastSlot], b = e.box;
        e.count++;
        if (i < b[0]) b[0] = i;
        if (i > b[3]) b[3] = i;
        if (j < b[1]) b[1] = j;
        if (j > b[4]) b[4] = j;
        if (k < b[2]) b[2] = k;
        b[5] = k;
      }
    }
  }
  // duplicates in `labels` share the first one's extent
  return labels.map((l) => out[slot.get(l)!]);
}
