import type { TypedArray } from '../../core/values';
import type { Vec3 } from './geometry';

type TypedArrayCtor = new (length: number) => TypedArray;

/** Offset of a box of `size` centred in `dims` (floor: odd remainders go to the far side). */
export function centeredOffset(dims: Vec3, size: Vec3): Vec3 {
  return [0, 1, 2].map((a) => Math.floor((dims[a] - size[a]) / 2)) as Vec3;
}

/**
 * Copies the box [offset, offset + size) of a volume (x fastest) into a new array of the same
 * type; voxels outside the source get `padValue`. Rows are copied with subarray/set, so the cost
 * is one memcpy per row inside the source plus one fill when any padding exists.
 */
export function cropPad<T extends TypedArray>(src: T, dims: Vec3, offset: Vec3, size: Vec3, padValue: number, out?: T): T {
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = size;
  const [ox, oy, oz] = offset;
  const total = sx * sy * sz;
  const dst = out ?? (new (src.constructor as TypedArrayCtor)(total) as T);
  if (dst.length !== total) throw new Error(`crop-pad output holds ${dst.length}, needs ${total}`);
  // Overlap of the box with the source, in box coordinates.
  const x0 = Math.max(0, -ox), x1 = Math.min(sx, nx - ox);
  const y0 = Math.max(0, -oy), y1 = Math.min(sy, ny - oy);
  const z0 = Math.max(0, -oz), z1 = Math.min(sz, nz - oz);
  const inside = x1 > x0 && y1 > y0 && z1 > z0;
  const fullyInside = inside && x0 === 0 && y0 === 0 && z0 === 0 && x1 === sx && y1 === sy && z1 === sz;
  if (!fullyInside) dst.fill(padValue);
  if (!inside) return dst;
  const rowLen = x1 - x0;
  for (let z = z0; z < z1; z++) {
    for (let y = y0; y < y1; y++) {
      const from = ox + x0 + nx * (oy + y + ny * (oz + z));
      dst.set(src.subarray(from, from + rowLen), x0 + sx * (y + sy * z));
    }
  }
  return dst;
}
