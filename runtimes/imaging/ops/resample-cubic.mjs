// The cubic B-spline loops of resample-slab.mjs, on the coefficients of bspline.ts: away from
// the edges straight, near them with indices mirrored about the edge voxels (scipy's 'mirror').
import { inside } from './resample-span.mjs';

/** Index into [0, n) reflected about the edge voxels (…2 1 0 1 2…). */
function mirror(i, n) {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let r = Math.abs(i) % period;
  if (r >= n) r = period - r;
  return r;
}

/** The four cubic B-spline weights at fraction t, into w at `at`. */
function weights(t, w, at) {
  const t2 = t * t, t3 = t2 * t, u = 1 - t;
  w[at] = (u * u * u) / 6;
  w[at + 1] = (3 * t3 - 6 * t2 + 4) / 6;
  w[at + 2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
  w[at + 3] = t3 / 6;
}

const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4);
const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4);

/** Sum over the 4x4x4 neighbourhood: z outer, y, then x (one order for every path). */
function gather(coef) {
  let v = 0;
  for (let c = 0; c < 4; c++) {
    let plane = 0;
    for (let b = 0; b < 4; b++) {
      const base = iz[c] + iy[b];
      plane += wy[b] * (wx[0] * coef[base + ix[0]] + wx[1] * coef[base + ix[1]] + wx[2] * coef[base + ix[2]] + wx[3] * coef[base + ix[3]]);
    }
    v += wz[c] * plane;
  }
  return v;
}

/** Steps [i0, i1) of a row near the edges: neighbours mirrored. @type {import('./resample-cubic.d.mts').cubicRowEdge} */
export function cubicRowEdge(job, o, b, d, i0, i1) {
  const { coef, out } = job;
  const [nx, ny, nz] = job.srcDims;
  for (let i = i0; i < i1; i++) {
    const x = b[0] + i * d[0], y = b[1] + i * d[1], z = b[2] + i * d[2];
    const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
    weights(x - x0, wx, 0); weights(y - y0, wy, 0); weights(z - z0, wz, 0);
    for (let a = 0; a < 4; a++) {
      ix[a] = mirror(x0 - 1 + a, nx);
      iy[a] = nx * mirror(y0 - 1 + a, ny);
      iz[a] = nx * ny * mirror(z0 - 1 + a, nz);
    }
    out[o + i] = gather(coef);
  }
}

/** Weights at x of the 4 coefficients from `at` (the same sum as gather's, written out). */
function line(coef, at, w0, w1, w2, w3) {
  return w0 * coef[at] + w1 * coef[at + 1] + w2 * coef[at + 2] + w3 * coef[at + 3];
}

/** Steps [i0, i1) of a row with 1 <= x < n - 2 on each axis: all 64 neighbours inside. @type {import('./resample-cubic.d.mts').cubicRowInterior} */
export function cubicRowInterior(job, o, b, d, i0, i1) {
  const { coef, out } = job;
  const [nx, ny] = job.srcDims;
  const plane = nx * ny, nx2 = 2 * nx, nx3 = 3 * nx;
  for (let i = i0; i < i1; i++) {
    const x = b[0] + i * d[0], y = b[1] + i * d[1], z = b[2] + i * d[2];
    const x0 = x | 0, y0 = y | 0, z0 = z | 0;
    weights(x - x0, wx, 0); weights(y - y0, wy, 0); weights(z - z0, wz, 0);
    const w0 = wx[0], w1 = wx[1], w2 = wx[2], w3 = wx[3], v0 = wy[0], v1 = wy[1], v2 = wy[2], v3 = wy[3];
    let at = x0 - 1 + nx * (y0 - 1) + plane * (z0 - 1), v = 0;
    for (let c = 0; c < 4; c++, at += plane) {
      const sum = v0 * line(coef, at, w0, w1, w2, w3) + v1 * line(coef, at + nx, w0, w1, w2, w3) + v2 * line(coef, at + nx2, w0, w1, w2, w3) + v3 * line(coef, at + nx3, w0, w1, w2, w3);
      v += wz[c] * sum;
    }
    out[o + i] = v;
  }
}

/** Per output axis, 4 (mirrored) source offsets and weights per index; offset -1 outside the field of view. */
function tables({ n, stride, base, step, count }) {
  const at = new Int32Array(4 * count), w = new Float64Array(4 * count);
  for (let i = 0; i < count; i++) {
    const x = base + i * step, x0 = Math.floor(x);
    if (!inside(x, -0.5, n - 0.5, false)) { at[4 * i] = -1; continue; }
    weights(x - x0, w, 4 * i);
    for (let a = 0; a < 4; a++) at[4 * i + a] = stride * mirror(x0 - 1 + a, n);
  }
  return { at, w };
}

/** The axis-aligned case (resample-slab.mjs's axisMaps): every index and weight from the tables. @type {import('./resample-cubic.d.mts').cubicSeparable} */
export function cubicSeparable(job, maps) {
  const { coef, out, pad } = job;
  const [ox, oy] = job.outDims;
  const [I, J, K] = maps.map(tables);
  const bases = new Int32Array(16), wjk = new Float64Array(8);
  return (k0, k1, shift = 0) => {
    for (let k = k0; k < k1; k++) {
      for (let j = 0; j < oy; j++) {
        const o = ox * (j + oy * k) - shift;
        if (J.at[4 * j] < 0 || K.at[4 * k] < 0) { out.fill(pad, o, o + ox); continue; }
        for (let c = 0; c < 4; c++) for (let b = 0; b < 4; b++) bases[4 * c + b] = K.at[4 * k + c] + J.at[4 * j + b];
        for (let a = 0; a < 4; a++) { wjk[a] = J.w[4 * j + a]; wjk[4 + a] = K.w[4 * k + a]; }
        for (let i = 0; i < ox; i++) {
          const q = 4 * i, x0 = I.at[q], x1 = I.at[q + 1], x2 = I.at[q + 2], x3 = I.at[q + 3];
          if (x0 < 0) { out[o + i] = pad; continue; }
          const w0 = I.w[q], w1 = I.w[q + 1], w2 = I.w[q + 2], w3 = I.w[q + 3];
          let v = 0;
          for (let c = 0; c < 4; c++) {
            let plane = 0;
            for (let b = 0; b < 4; b++) {
              const s = bases[4 * c + b];
              plane += wjk[b] * (w0 * coef[s + x0] + w1 * coef[s + x1] + w2 * coef[s + x2] + w3 * coef[s + x3]);
            }
            v += wjk[4 + c] * plane;
          }
          out[o + i] = v;
        }
      }
    }
  };
}
