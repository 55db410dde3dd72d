import type { Geometry, TilePlan, TypedArray } from '../../core/values';
import type { Vec3 } from './geometry';

/** Tile origins along one axis: stride = size - overlap, enough tiles to cover `dim`. */
export function axisOrigins(dim: number, size: number, overlap: number): number[] {
  const stride = size - overlap;
  const count = dim <= size ? 1 : Math.ceil((dim - size) / stride) + 1;
  return Array.from({ length: count }, (_, i) => i * stride);
}

/** Sliding-window plan over a volume; batch order is z, then y, then x (x fastest). */
export function planTiles(geometry: Geometry, size: number, overlap: number): TilePlan {
  if (!(size > 0) || overlap < 0 || overlap >= size) throw new Error(`bad tiling: size ${size}, overlap ${overlap}`);
  const [ax, ay, az] = geometry.dims.map((d) => axisOrigins(d, size, overlap));
  const volumeDims = [ax, ay, az].map((o) => o[o.length - 1] + size) as Vec3;
  const origins: Vec3[] = [];
  for (const z of az) for (const y of ay) for (const x of ax) origins.push([x, y, z]);
  return { volumeDims, geometry, size: [size, size, size], origins };
}

/**
 * Copies every tile of the plan into one [N, 1, sz, sy, sx] array. Parts of a tile beyond the
 * volume get `padValue`; rows are copied with subarray/set (converting to float32 if needed).
 */
export function extractTiles(src: TypedArray, plan: TilePlan, padValue: number, out?: Float32Array): Float32Array {
  const [nx, ny, nz] = plan.geometry.dims;
  const [sx, sy, sz] = plan.size;
  const tileLen = sx * sy * sz;
  const total = plan.origins.length * tileLen;
  const dst = out ?? new Float32Array(total);
  if (dst.length !== total) throw new Error(`tile output holds ${dst.length}, needs ${total}`);
  const padded = plan.volumeDims.some((d, i) => d !== plan.geometry.dims[i]);
  if (padded) dst.fill(padValue);
  plan.origins.forEach(([ox, oy, oz], t) => {
    const rowLen = Math.min(sx, nx - ox);
    const yEnd = Math.min(sy, ny - oy);
    const zEnd = Math.min(sz, nz - oz);
    for (let z = 0; z < zEnd; z++) {
      for (let y = 0; y < yEnd; y++) {
        const from = ox + nx * (oy + y + ny * (oz + z));
        dst.set(src.subarray(from, from + rowLen), t * tileLen + sx * (y + sy * z));
      }
    }
  });
  return dst;
}
