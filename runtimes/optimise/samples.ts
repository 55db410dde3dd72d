import { RuntimeError } from '../core/errors';
import type { TypedArray } from '../core/values';
import { normalize } from '../imaging/ops/normalize';
import type { Feed } from './calibrate';

// Model inputs cut from a scan: min-max normalised over the whole volume (as pre.normalize does for
// the MeshNet pipelines), then either the whole volume or cubes of the model's fixed input size.

export interface Volume { data: TypedArray; dims: readonly number[] }

const MIN_MAX = { method: 'min-max', windowCenter: 40, windowWidth: 400, nonzeroOnly: false } as const;

/** The [z, y, x] box of `size` starting at `offset` (x fastest) out of a normalised volume. */
export function crop(norm: Float32Array, dims: readonly number[], size: number[], offset: number[]): Float32Array {
  const [nx, ny] = dims;
  const [sz, sy, sx] = size;
  const [oz, oy, ox] = offset;
  const out = new Float32Array(sz * sy * sx);
  for (let z = 0; z < sz; z++) for (let y = 0; y < sy; y++) {
    const src = ((z + oz) * ny + (y + oy)) * nx + ox;
    out.set(norm.subarray(src, src + sx), (z * sy + y) * sx);
  }
  return out;
}

/**
 * Inputs for a [1, 1, z, y, x] model from a volume. Symbolic spatial dims: the whole volume.
 * Fixed dims: the centre cube (`which: 'centre'`) or the two cubes next to it along z
 * (`which: 'neighbours'`, calibration material that does not overlap the centre reference).
 */
export function volumeFeeds(volume: Volume, inputShape: (number | null)[], which: 'centre' | 'neighbours'): Feed[] {
  if (inputShape.length !== 5 || (inputShape[1] !== null && inputShape[1] !== 1)) {
    throw new RuntimeError('SHAPE_MISMATCH', `a scan feeds [batch, 1, z, y, x] models; this one takes [${inputShape.map((d) => d ?? '?').join(', ')}]`);
  }
  const [nx, ny, nz] = volume.dims;
  const norm = normalize(volume.data, MIN_MAX);
  const spatial = inputShape.slice(2);
  if (spatial.some((d) => d === null)) return [{ dims: [1, 1, nz, ny, nx], data: norm }];
  const size = spatial as number[];
  const vol = [nz, ny, nx];
  if (size.some((s, i) => s > vol[i])) throw new RuntimeError('SHAPE_MISMATCH', `the scan (${vol.join('x')}) is smaller than the model input (${size.join('x')})`);
  const centre = size.map((s, i) => Math.floor((vol[i] - s) / 2));
  const offsets = which === 'centre' ? [centre]
    : [centre[0] - size[0], centre[0] + size[0]].filter((z) => z >= 0 && z + size[0] <= vol[0]).map((z) => [z, centre[1], centre[2]]);
  if (!offsets.length) offsets.push(centre);
  return offsets.map((o) => ({ dims: [1, 1, ...size], data: crop(norm, volume.dims, size, o) }));
}
