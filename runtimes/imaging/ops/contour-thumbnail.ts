import { bestSlice, sliceContour, sliceShape, type Axis } from '../../../domain/evaluation/contours';
import { DomainError } from '../../../domain/errors';
import type { Geometry } from '../../core/values';
import { planReorient } from './reorient';

/**
 * The evaluation report's per-case thumbnail: one axial slice of the scan in grey with the
 * reference contour in green and the prediction's in magenta (yellow where both run), on the
 * slice where the reference and prediction together have the most labelled voxels. Displayed
 * radiologically (patient left on the image's right, anterior up) whatever the voxel order:
 * the slice axis and in-plane flips come from the LPS reorientation plan, voxels are not moved.
 */
export const CONTOUR_THUMBNAIL_MAX_PX = 160;
export const REFERENCE_RGB = [0, 200, 83] as const;
export const PREDICTION_RGB = [255, 64, 200] as const;
export const BOTH_RGB = [255, 214, 0] as const;

type Labels = ArrayLike<number>;
export interface ContourThumbnail {
  width: number;
  height: number;
  /** RGB, row-major, 3 bytes per pixel. */
  rgb: Uint8Array;
  /** The voxel axis sliced and the slice index (voxel order of the inputs). */
  axis: Axis;
  slice: number;
}

export function contourThumbnail(args: { geometry: Geometry; image: ArrayLike<number>; reference: Labels; prediction: Labels | null; labels: readonly number[]; maxPx?: number }): ContourThumbnail {
  const { geometry, image, reference, prediction, labels } = args;
  const dims = geometry.dims;
  const voxels = dims[0] * dims[1] * dims[2];
  for (const [name, a] of [['image', image], ['reference', reference], ['prediction', prediction]] as const) {
    if (a && a.length !== voxels) throw new DomainError('GRID_MISMATCH', `the ${name} has ${a.length} voxels, the scan grid ${dims.join('x')}`, { name, length: a.length, voxels });
  }
  const plan = planReorient(geometry, 'LPS');
  const axis = plan.from[2] as Axis;
  const wanted = new Set(labels);
  const union = new Uint8Array(voxels);
  for (let v = 0; v < voxels; v++) if (wanted.has(reference[v]) || (prediction && wanted.has(prediction[v]))) union[v] = 1;
  const slice = bestSlice({ data: union, dims, spacing: geometry.spacing }, [1], axis);
  const outline = (data: Labels) => {
    const acc = new Uint8Array(sliceShape(dims, axis).width * sliceShape(dims, axis).height);
    for (const l of labels) sliceContour({ data, dims, spacing: geometry.spacing }, l, axis, slice).forEach((x, p) => (acc[p] |= x));
    return acc;
  };
  const ref = outline(reference);
  const pred = prediction ? outline(prediction) : null;
  const grey = imageSlice(image, dims, axis, slice);
  return compose(dims, axis, plan, { grey, ref, pred }, args.maxPx ?? CONTOUR_THUMBNAIL_MAX_PX, slice);
}

/** Image values of slice `index` along `axis`, in contours.ts's (u, v) pixel order. */
function imageSlice(image: ArrayLike<number>, dims: Geometry['dims'], axis: Axis, index: number): Float64Array {
  const { width, height } = sliceShape(dims, axis);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [u, v] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const out = new Float64Array(width * height);
  for (let y = 0, p = 0; y < height; y++) for (let x = 0; x < width; x++, p++) out[p] = image[index * strides[axis] + x * strides[u] + y * strides[v]];
  return out;
}

/** Display pixels (column toward patient left, row toward posterior), subsampled by a whole step; contours max-pooled so none vanish. */
function compose(dims: Geometry['dims'], axis: Axis, plan: ReturnType<typeof planReorient>, s: { grey: Float64Array; ref: Uint8Array; pred: Uint8Array | null }, maxPx: number, slice: number): ContourThumbnail {
  const { width: sw } = sliceShape(dims, axis);
  const [colAxis, rowAxis] = [plan.from[0], plan.from[1]];
  const W = dims[colAxis], H = dims[rowAxis];
  const colIsU = colAxis < rowAxis; // u is the lower of the two in-plane voxel axes
  const at = (x: number, y: number) => {
    const c = plan.flip[0] ? W - 1 - x : x;
    const r = plan.flip[1] ? H - 1 - y : y;
    return colIsU ? r * sw + c : c * sw + r;
  };
  let min = Infinity, max = -Infinity;
  for (const g of s.grey) if (Number.isFinite(g)) (min = Math.min(min, g)), (max = Math.max(max, g));
  const span = max > min ? max - min : 1;
  const step = Math.max(1, Math.ceil(Math.max(W, H) / maxPx));
  const width = Math.ceil(W / step), height = Math.ceil(H / step);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, p = 0;
      for (let dy = 0; dy < step && y * step + dy < H; dy++) for (let dx = 0; dx < step && x * step + dx < W; dx++) {
        const q = at(x * step + dx, y * step + dy);
        r |= s.ref[q];
        p |= s.pred ? s.pred[q] : 0;
      }
      const v = s.grey[at(x * step, y * step)];
      const g = Number.isFinite(v) ? Math.round((255 * (v - min)) / span) : 0;
      const colour = r && p ? BOTH_RGB : r ? REFERENCE_RGB : p ? PREDICTION_RGB : [g, g, g];
      rgb.set(colour, (y * width + x) * 3);
    }
  }
  return { width, height, rgb, axis, slice };
}
