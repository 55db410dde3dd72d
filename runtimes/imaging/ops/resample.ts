import type { Geometry, TypedArray } from '../../core/values';
import { voxelToWorld, type Vec3 } from '../geometry';
import { applyAffine, gridToGrid } from './geometry';
import { bsplineCoefficients, cubicAt } from './bspline';

export type Interpolation = 'nearest' | 'linear' | 'cubic';

/**
 * The grid of the same field of view and directions at a new spacing or shape, centred on the
 * source grid (voxel centres move; the middle of the volume stays where it was). From a spacing
 * the shape is the rounded extent / spacing; from a shape the spacing is extent / shape exactly.
 */
export function resampledGrid(g: Geometry, to: { spacing: Vec3 } | { shape: Vec3 }): Geometry {
  const dims = ('shape' in to ? to.shape : g.dims.map((n, a) => Math.max(1, Math.round((n * g.spacing[a]) / to.spacing[a])))) as Vec3;
  const spacing = ('shape' in to ? g.dims.map((n, a) => (n * g.spacing[a]) / dims[a]) : to.spacing) as Vec3;
  // Continuous source index of the new grid's first voxel centre, per axis.
  const first = g.dims.map((n, a) => (n - 1) / 2 - ((dims[a] - 1) / 2) * (spacing[a] / g.spacing[a])) as Vec3;
  return { dims, spacing, origin: voxelToWorld(g, first), direction: [...g.direction] as Geometry['direction'] };
}

/**
 * Values of `src` (grid `from`) at the voxel centres of grid `to`, through world space (any
 * affines, oblique included). Points outside the source's field of view (more than half a voxel
 * beyond its edge voxels) get `padValue`; inside it, neighbours past the edge are clamped
 * (linear) or mirrored (cubic B-spline, as scipy.ndimage's default). Nearest keeps the source
 * array type; linear and cubic give float32.
 */
export function resample(src: TypedArray, from: Geometry, to: Geometry, interpolation: Interpolation, padValue = 0): TypedArray {
  const [nx, ny, nz] = from.dims;
  const [ox, oy, oz] = to.dims;
  const m = gridToGrid(to, from);
  const total = ox * oy * oz;
  const out = interpolation === 'nearest' ? new (src.constructor as new (n: number) => TypedArray)(total) : new Float32Array(total);
  const coef = interpolation === 'cubic' ? bsplineCoefficients(src, from.dims) : undefined;
  const clamp = (i: number, n: number) => (i < 0 ? 0 : i >= n ? n - 1 : i);
  // Ties (a centre exactly between two voxels, common between centred grids) round up even
  // when the arithmetic lands a hair below the half.
  const near = (p: number, n: number) => clamp(Math.floor(p + 0.5 + 1e-7), n);
  let o = 0;
  for (let k = 0; k < oz; k++) {
    for (let j = 0; j < oy; j++) {
      const [x0, y0, z0] = applyAffine(m, [0, j, k]);
      for (let i = 0; i < ox; i++, o++) {
        const x = x0 + i * m[0], y = y0 + i * m[4], z = z0 + i * m[8];
        if (!(x >= -0.5 && x <= nx - 0.5 && y >= -0.5 && y <= ny - 0.5 && z >= -0.5 && z <= nz - 0.5)) { out[o] = padValue; continue; }
        if (interpolation === 'nearest') {
          out[o] = src[near(x, nx) + nx * (near(y, ny) + ny * near(z, nz))];
        } else if (coef) {
          out[o] = cubicAt(coef, from.dims, x, y, z);
        } else {
          out[o] = trilinear(src, nx, ny, nz, x, y, z);
        }
      }
    }
  }
  return out;
}

/**
 * Trilinear value at continuous index (x, y, z), neighbours past the edge clamped. Written out
 * (no closures in the voxel loop: they cost more than the arithmetic).
 */
function trilinear(src: TypedArray, nx: number, ny: number, nz: number, x: number, y: number, z: number): number {
  let x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
  const tx = x - x0, ty = y - y0, tz = z - z0;
  let x1 = x0 + 1, y1 = y0 + 1, z1 = z0 + 1;
  if (x0 < 0) x0 = 0; else if (x0 >= nx) x0 = nx - 1;
  if (x1 < 0) x1 = 0; else if (x1 >= nx) x1 = nx - 1;
  if (y0 < 0) y0 = 0; else if (y0 >= ny) y0 = ny - 1;
  if (y1 < 0) y1 = 0; else if (y1 >= ny) y1 = ny - 1;
  if (z0 < 0) z0 = 0; else if (z0 >= nz) z0 = nz - 1;
  if (z1 < 0) z1 = 0; else if (z1 >= nz) z1 = nz - 1;
  const plane = nx * ny;
  const a = y0 * nx + z0 * plane, b = y1 * nx + z0 * plane, c = y0 * nx + z1 * plane, d = y1 * nx + z1 * plane;
  const r00 = src[a + x0] + (src[a + x1] - src[a + x0]) * tx;
  const r10 = src[b + x0] + (src[b + x1] - src[b + x0]) * tx;
  const r01 = src[c + x0] + (src[c + x1] - src[c + x0]) * tx;
  const r11 = src[d + x0] + (src[d + x1] - src[d + x0]) * tx;
  const p0 = r00 + (r10 - r00) * ty;
  const p1 = r01 + (r11 - r01) * ty;
  return p0 + (p1 - p0) * tz;
}
