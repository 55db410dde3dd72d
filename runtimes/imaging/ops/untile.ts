import type { TilePlan } from '../../core/values';

/**
 * Per-axis coverage counts when the tile origins form a full grid (as `planTiles` makes them):
 * then the number of tiles covering voxel (x, y, z) is cx[x] * cy[y] * cz[z], and no per-voxel
 * count array is needed. Returns undefined for an arbitrary origin list.
 */
function gridCoverage(plan: TilePlan): [Uint32Array, Uint32Array, Uint32Array] | undefined {
  const axes = [0, 1, 2].map((a) => [...new Set(plan.origins.map((o) => o[a]))]);
  const distinct = new Set(plan.origins.map((o) => o.join())).size;
  if (distinct !== plan.origins.length || axes[0].length * axes[1].length * axes[2].length !== distinct) return undefined;
  return [0, 1, 2].map((a) => {
    const c = new Uint32Array(plan.geometry.dims[a]);
    for (const o of axes[a]) for (let i = o; i < Math.min(o + plan.size[a], c.length); i++) c[i]++;
    return c;
  }) as [Uint32Array, Uint32Array, Uint32Array];
}

/**
 * Stitches tiles [N, C, sz, sy, sx] back into [C, z, y, x] of the original (unpadded) volume.
 * Without overlap every voxel is written once (row copies); with overlap, tiles are summed and
 * divided by the number of tiles covering each voxel (exact averaging of equal values).
 */
export function untile(tiles: Float32Array, channels: number, plan: TilePlan, out?: Float32Array): Float32Array {
  const [nx, ny, nz] = plan.geometry.dims;
  const [sx, sy, sz] = plan.size;
  const tileLen = sx * sy * sz;
  const vox = nx * ny * nz;
  if (tiles.length !== plan.origins.length * channels * tileLen) {
    throw new Error(`tiles hold ${tiles.length} values, the plan needs ${plan.origins.length}x${channels}x${tileLen}`);
  }
  const dst = out ?? new Float32Array(channels * vox);
  if (dst.length !== channels * vox) throw new Error(`untile output holds ${dst.length}, needs ${channels * vox}`);
  const grid = gridCoverage(plan);
  const overlapping = !grid || grid.some((c) => c.some((n) => n > 1));
  const counts = grid ? undefined : new Uint32Array(vox);
  if (overlapping) dst.fill(0);
  plan.origins.forEach(([ox, oy, oz], t) => {
    const rowLen = Math.min(sx, nx - ox);
    const yEnd = Math.min(sy, ny - oy);
    const zEnd = Math.min(sz, nz - oz);
    for (let c = 0; c < channels; c++) {
      const tileBase = (t * channels + c) * tileLen;
      for (let z = 0; z < zEnd; z++) {
        for (let y = 0; y < yEnd; y++) {
          const from = tileBase + sx * (y + sy * z);
          const to = c * vox + ox + nx * (oy + y + ny * (oz + z));
          if (!overlapping) {
            dst.set(tiles.subarray(from, from + rowLen), to);
            continue;
          }
          for (let x = 0; x < rowLen; x++) dst[to + x] += tiles[from + x];
          if (counts && c === 0) for (let x = 0; x < rowLen; x++) counts[to + x]++;
        }
      }
    }
  });
  if (overlapping) divideByCoverage(dst, channels, plan.geometry.dims, grid, counts);
  return dst;
}

function divideByCoverage(
  dst: Float32Array,
  channels: number,
  [nx, ny, nz]: [number, number, number],
  grid: [Uint32Array, Uint32Array, Uint32Array] | undefined,
  counts: Uint32Array | undefined,
): void {
  const vox = nx * ny * nz;
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        const row = c * vox + nx * (y + ny * z);
        const czy = grid ? grid[2][z] * grid[1][y] : 0;
        for (let x = 0; x < nx; x++) {
          const n = grid ? czy * grid[0][x] : counts![row - c * vox + x];
          if (n > 1) dst[row + x] /= n;
        }
      }
    }
  }
}
