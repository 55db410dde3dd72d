import { DomainError } from '../errors';
import { checkGrid, type LabelGrid } from './grid';

/**
 * 2D thumbnails of a label grid for the evaluation report. A slice at `index` along `axis`
 * keeps the two other axes (u, v) in increasing order: axis 2 -> (i, j), axis 1 -> (i, k),
 * axis 0 -> (j, k). Its pixels are row-major with u fastest: pixel (u, v) is at v * width + u,
 * width = dims[u axis], height = dims[v axis] (the same order as the NIfTI voxels).
 */
export type Axis = 0 | 1 | 2;

export function sliceShape(dims: readonly [number, number, number], axis: Axis): { width: number; height: number } {
  const [u, v] = otherAxes(axis);
  return { width: dims[u], height: dims[v] };
}

/**
 * Boundary of `label` on one slice: 1 where a pixel has the label and at least one of its four
 * in-slice neighbours does not (pixels outside the slice count as not), else 0.
 */
export function sliceContour(grid: LabelGrid, label: number, axis: Axis, index: number): Uint8Array {
  checkGrid(grid);
  checkAxis(axis);
  if (!Number.isInteger(index) || index < 0 || index >= grid.dims[axis]) {
    throw new DomainError('BAD_PARAMS', `slice index ${index} is outside 0..${grid.dims[axis] - 1} along axis ${axis}`, { axis, index });
  }
  const { width, height } = sliceShape(grid.dims, axis);
  const inside = new Uint8Array(width * height);
  const [su, sv, base] = sliceStrides(grid.dims, axis, index);
  for (let v = 0, p = 0; v < height; v++) {
    for (let u = 0; u < width; u++, p++) inside[p] = grid.data[base + u * su + v * sv] === label ? 1 : 0;
  }
  const out = new Uint8Array(width * height);
  for (let v = 0, p = 0; v < height; v++) {
    for (let u = 0; u < width; u++, p++) {
      if (!inside[p]) continue;
      const interior = u > 0 && u < width - 1 && v > 0 && v < height - 1
        && inside[p - 1] && inside[p + 1] && inside[p - width] && inside[p + width];
      if (!interior) out[p] = 1;
    }
  }
  return out;
}

/**
 * The slice along `axis` with the most voxels carrying any of `labels` (the lowest index on a
 * tie); the middle slice, floor(dims[axis] / 2), when none carries one.
 */
export function bestSlice(grid: LabelGrid, labels: readonly number[], axis: Axis): number {
  checkGrid(grid);
  checkAxis(axis);
  const wanted = new Set(labels);
  const counts = new Float64Array(grid.dims[axis]);
  const [ni, nj, nk] = grid.dims;
  let lastValue = NaN, lastWanted = false;
  for (let k = 0, v = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, v++) {
        const value = grid.data[v];
        if (value !== lastValue) { lastValue = value; lastWanted = wanted.has(value); }
        if (lastWanted) counts[axis === 0 ? i : axis === 1 ? j : k]++;
      }
    }
  }
  let best = -1, most = 0;
  counts.forEach((c, s) => { if (c > most) { most = c; best = s; } });
  return best >= 0 ? best : Math.floor(grid.dims[axis] / 2);
}

function otherAxes(axis: Axis): [number, number] {
  return axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
}

/** Strides of u and v in the volume and the offset of the slice's first voxel. */
function sliceStrides(dims: readonly [number, number, number], axis: Axis, index: number): [number, number, number] {
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [u, v] = otherAxes(axis);
  return [strides[u], strides[v], index * strides[axis]];
}

function checkAxis(axis: number): void {
  if (axis !== 0 && axis !== 1 && axis !== 2) throw new DomainError('BAD_PARAMS', `axis must be 0, 1 or 2, not ${axis}`, { axis });
}
