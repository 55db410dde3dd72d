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
  const inside = (p: number, n: number) => p >= -0.5 && p <= n - 0.5;
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
        if (!inside(x, nx) || !inside(y, ny) || !inside(z, nz)) { out[o] = padValue; continue; }
        if (interpolation === 'nearest') {
          out[o] = src[near(x, nx) + nx * (near(y, ny) + ny * near(z, nz))];
        } else if (coef) {
          out[o] = cubicAt(coef, from.dims, x, y, z);
        } else {
          const fx = Math.floor(x), fy = Math.floor(y), fz = Math.floor(z);
          const tx = x - fx, ty = y - fy, tz = z - fz;
          const xa = clamp(fx, nx), xb = clamp(fx + 1, nx);
          const ya = nx * clamp(fy, ny), yb = nx * clamp(fy + 1, ny);
          const za = nx * ny * clamp(fz, nz), zb = nx * ny * clamp(fz + 1, nz);
          const row = (yz: number) => src[xa + yz] * (1 - tx) + src[xb + yz] * tx;
          const plane = (zz: number) => row(ya + zz) * (1 - ty) + row(yb + zz) * ty;
          out[o] = plane(za) * (1 - tz) + plane(zb) * tz;
        }
      }
    }
  }
  return out;
}
