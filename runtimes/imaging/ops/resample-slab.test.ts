import { describe, expect, it } from 'vitest';
import type { Geometry, TypedArray } from '../../core/values';
import { identityGeometry, type Vec3 } from '../geometry';
import { bsplineCoefficients } from './bspline';
import { applyAffine, gridToGrid } from './geometry';
import { scaleToUint8 } from './conform';
import { resample, type Interpolation } from './resample';

/**
 * The voxel loops (resample-slab.mjs: per-axis tables, per-row ranges) against the plain
 * per-voxel formula: the world-space map applied to every voxel, bounds tested, neighbours
 * clamped (linear) or mirrored (cubic) one by one.
 */
const mirror = (i: number, n: number) => (n === 1 ? 0 : ((r) => (r >= n ? 2 * n - 2 - r : r))(Math.abs(i) % (2 * n - 2)));
const clamp = (i: number, n: number) => Math.min(n - 1, Math.max(0, i));
const bspline = (t: number) => [(1 - t) ** 3 / 6, (3 * t ** 3 - 6 * t ** 2 + 4) / 6, (-3 * t ** 3 + 3 * t ** 2 + 3 * t + 1) / 6, t ** 3 / 6];

function perVoxel(src: TypedArray, from: Geometry, to: Geometry, mode: Interpolation, pad: number): number[] {
  const [nx, ny, nz] = from.dims;
  const m = gridToGrid(to, from);
  const coef = bsplineCoefficients(src, from.dims);
  const at = (x: number, y: number, z: number, a: TypedArray | Float64Array = src) => a[x + nx * (y + ny * z)];
  const out: number[] = [];
  for (let k = 0; k < to.dims[2]; k++) for (let j = 0; j < to.dims[1]; j++) for (let i = 0; i < to.dims[0]; i++) {
    const p = applyAffine(m, [i, j, k]);
    if (p.some((v, a) => !(v >= -0.5 && v <= from.dims[a] - 0.5))) { out.push(pad); continue; }
    const [x, y, z] = p;
    const f = p.map(Math.floor), t = p.map((v, a) => v - f[a]);
    if (mode === 'nearest') {
      const [a, b, c] = p.map((v, d) => clamp(Math.floor(v + 0.5 + 1e-7), from.dims[d]));
      out.push(at(a, b, c));
    } else if (mode === 'linear') {
      const [x0, y0, z0] = f.map((v, d) => clamp(v, from.dims[d])), [x1, y1, z1] = f.map((v, d) => clamp(v + 1, from.dims[d]));
      const lerp = (u: number, v: number, w: number) => u + (v - u) * w;
      const row = (yy: number, zz: number) => lerp(at(x0, yy, zz), at(x1, yy, zz), x - f[0]);
      out.push(lerp(lerp(row(y0, z0), row(y1, z0), y - f[1]), lerp(row(y0, z1), row(y1, z1), y - f[1]), z - f[2]));
    } else {
      const [wx, wy, wz] = t.map(bspline);
      let v = 0;
      for (let c = 0; c < 4; c++) for (let b = 0; b < 4; b++) for (let a = 0; a < 4; a++) {
        v += wz[c] * wy[b] * wx[a] * at(mirror(f[0] - 1 + a, nx), mirror(f[1] - 1 + b, ny), mirror(f[2] - 1 + c, nz), coef);
      }
      out.push(v);
    }
  }
  return out;
}

/** `g` rotated by `rad` about the world axis `axis` through its origin. */
function turned(g: Geometry, axis: 0 | 1 | 2, rad: number): Geometry {
  const c = Math.cos(rad), s = Math.sin(rad), [u, v] = [0, 1, 2].filter((a) => a !== axis);
  const direction = [...g.direction] as Geometry['direction'];
  for (let col = 0; col < 3; col++) {
    const a = g.direction[col * 3 + u], b = g.direction[col * 3 + v];
    direction[col * 3 + u] = c * a - s * b;
    direction[col * 3 + v] = s * a + c * b;
  }
  return { ...g, direction };
}

// 9x7x6, values from a fixed pseudo-random sequence; grids onto it cover its edges and beyond.
const dims: Vec3 = [9, 7, 6];
const src = new Int16Array(9 * 7 * 6).map((_, i) => ((i * 2654435761) >>> 20) % 500 - 100);
const from: Geometry = { ...identityGeometry(dims, [1.1, 0.9, 1.3]), origin: [2, -1, 3] };
const grids: Record<string, Geometry> = {
  'oblique, partly outside': { ...turned(turned(from, 2, 0.3), 0, -0.2), dims: [11, 8, 7], spacing: [0.8, 1, 1.2], origin: [0.5, -2, 2] },
  'axis-aligned, permuted and flipped, finer': { dims: [13, 8, 10], spacing: [0.5, 0.8, 0.7], origin: [11, 5, 0], direction: [0, 0, 1, -1, 0, 0, 0, -1, 0] },
  'axis-aligned, coarser, shifted half out': { ...from, dims: [5, 5, 4], spacing: [2, 1.5, 2], origin: [-1, 2, 6] },
  'one slice thick, oblique': { ...turned(from, 1, 0.4), dims: [12, 9, 1] },
};

describe('resample voxel loops vs the per-voxel formula', () => {
  for (const [name, to] of Object.entries(grids)) {
    it.each(['nearest', 'linear', 'cubic'] as const)(`%s onto a grid ${name}`, (mode) => {
      const want = perVoxel(src, from, to, mode, -7);
      const got = Array.from(resample(src, from, to, mode, -7));
      expect(want.filter((v) => v !== -7).length).toBeGreaterThan(0);
      // nearest copies exactly; float32 output within rounding of the same sum in another order
      if (mode === 'nearest') expect(got).toEqual(want);
      else got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]))));
    });
  }

  it.each(Object.keys(grids))('scaled to uint8 on the way (conform) onto a grid %s: exactly scaleToUint8 of the float32 result', (name) => {
    const got = resample(src, from, grids[name], 'linear', -50, { toUint8: [-50, 300] });
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Array.from(got)).toEqual(Array.from(scaleToUint8(resample(src, from, grids[name], 'linear', -50), -50, 300)));
  });

  it('onto a one-voxel-wide source (no neighbour along x) clamps linear and mirrors cubic', () => {
    const thin: Geometry = identityGeometry([1, 5, 5]);
    const data = new Float32Array(25).map((_, i) => i);
    const to = { ...turned(thin, 0, 0.25), dims: [1, 6, 6] as Vec3 };
    for (const mode of ['linear', 'cubic'] as const) {
      const want = perVoxel(data, thin, to, mode, 0);
      Array.from(resample(data, thin, to, mode)).forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
    }
  });
});
