import { squaredEdt } from './edt';
import type { Box, LabelGrid } from './grid';

export const PRED = 1, REF = 2, PRED_SURFACE = 4, REF_SURFACE = 8;

/**
 * Both masks of one label cropped to `box` (the bounding box of their union) padded by one
 * voxel on every side. The padding is background whether it lies inside the grid (it is: the
 * box holds every foreground voxel) or outside it (voxels outside the grid count as background),
 * so every foreground voxel has its six neighbours in the crop.
 */
export interface Crop {
  bits: Uint8Array; // PRED | REF | PRED_SURFACE | REF_SURFACE per voxel
  dims: [number, number, number];
  intersection: number;
  predSurface: number;
  refSurface: number;
}

export function cropLabel(pred: LabelGrid, ref: LabelGrid, label: number, box: Box): Crop {
  const [ni, nj] = pred.dims;
  const dims: [number, number, number] = [box[3] - box[0] + 3, box[4] - box[1] + 3, box[5] - box[2] + 3];
  const [li, lj] = dims, plane = li * lj;
  const bits = new Uint8Array(dims[0] * dims[1] * dims[2]);
  let intersection = 0;
  for (let k = box[2]; k <= box[5]; k++) {
    for (let j = box[1]; j <= box[4]; j++) {
      let src = box[0] + ni * (j + nj * k);
      let dst = 1 + li * (j - box[1] + 1) + plane * (k - box[2] + 1);
      for (let i = box[0]; i <= box[3]; i++, src++, dst++) {
        const b = (pred.data[src] === label ? PRED : 0) | (ref.data[src] === label ? REF : 0);
        bits[dst] = b;
        if (b === (PRED | REF)) intersection++;
      }
    }
  }
  // surface: foreground with a 6-neighbour in the background (padding included)
  let predSurface = 0, refSurface = 0;
  for (let k = 1; k < dims[2] - 1; k++) {
    for (let j = 1; j < lj - 1; j++) {
      for (let v = 1 + li * j + plane * k, end = v + li - 2; v < end; v++) {
        const b = bits[v];
        if (b === 0) continue;
        const all = bits[v - 1] & bits[v + 1] & bits[v - li] & bits[v + li] & bits[v - plane] & bits[v + plane];
        if (b & PRED && !(all & PRED)) { bits[v] |= PRED_SURFACE; predSurface++; }
        if (b & REF && !(all & REF)) { bits[v] |= REF_SURFACE; refSurface++; }
      }
    }
  }
  return { bits, dims, intersection, predSurface, refSurface };
}

/**
 * Distances (mm) from every `from` surface voxel centre to the nearest `to` surface voxel centre,
 * in crop order. `scratch` (crop-sized) is overwritten.
 */
export function directedDistances(crop: Crop, spacing: readonly [number, number, number], from: number, to: number, scratch: Float64Array): Float64Array {
  const { bits } = crop;
  for (let v = 0; v < bits.length; v++) scratch[v] = bits[v] & to ? 0 : Infinity;
  squaredEdt(scratch, crop.dims, spacing);
  const out = new Float64Array(from === PRED_SURFACE ? crop.predSurface : crop.refSurface);
  for (let v = 0, n = 0; v < bits.length; v++) if (bits[v] & from) out[n++] = Math.sqrt(scratch[v]);
  return out;
}
