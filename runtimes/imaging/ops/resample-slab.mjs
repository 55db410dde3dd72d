// The voxel loops of resample.ts. Plain JS (types in resample-slab.d.mts) so that this thread
// and the server's helper threads (runtimes/server/resample-worker.mjs, spawned by file path)
// run the very same code: each output voxel has one formula whatever thread takes its slice,
// and the result does not depend on the number of threads.
import { cubicRowEdge, cubicRowInterior, cubicSeparable } from './resample-cubic.mjs';
import { clip, inside } from './resample-span.mjs';

/** An affine entry this small over the whole grid (in source voxels) is a zero: the map is separable. */
const NEGLIGIBLE = 1e-9;
/** Nearest rounds ties up even when the arithmetic lands a hair below the half. */
const TIE = 1e-7;

/**
 * A function filling output slices [k0, k1) of `job.out`. An axis-aligned map (each output axis
 * along one source axis: permutations, flips, new spacings) reads per-axis tables of indices and
 * weights; any other affine steps along each output row, with the range of the row inside the
 * source (and the part clear of its edges, where no neighbour is clamped) found once per row.
 * @type {import('./resample-slab.d.mts').slabResampler}
 */
export function slabResampler(job) {
  if (job.toUint8) return scaledResampler(job);
  const axes = separableAxes(job.m, job.outDims);
  if (axes) return job.mode === 'nearest' ? nearestSeparable(job, axes) : job.mode === 'linear' ? linearSeparable(job, axes) : cubicSeparable(job, axisMaps(job, axes));
  return generalResampler(job);
}

/** Output voxels per row taken at a time over all rows of a slice: the source lines they read stay in cache. */
const TILE = 64;

/**
 * Any affine: each row's range inside the source and clear of its edges found once per row,
 * then the slice filled a tile of each row at a time (an oblique row crosses many source slices).
 */
function generalResampler(job) {
  const row = job.mode === 'nearest' ? nearestRow : job.mode === 'linear' ? linearRow : cubicRow;
  const [lo, hi] = job.mode === 'nearest' ? [0, 0] : job.mode === 'linear' ? [0, 1] : [1, 2];
  const { m } = job;
  const [ox, oy] = job.outDims;
  const ranges = new Int32Array(4 * oy), bases = new Float64Array(3 * oy), d = [m[0], m[4], m[8]];
  return (k0, k1, shift = 0) => {
    for (let k = k0; k < k1; k++) {
      for (let j = 0; j < oy; j++) {
        bases[3 * j] = m[1] * j + m[2] * k + m[3];
        bases[3 * j + 1] = m[5] * j + m[6] * k + m[7];
        bases[3 * j + 2] = m[9] * j + m[10] * k + m[11];
        spans(ranges, 4 * j, ox, bases, 3 * j, d, job.srcDims, lo, hi);
      }
      for (let t0 = 0; t0 < ox; t0 += TILE) {
        const t1 = Math.min(ox, t0 + TILE);
        for (let j = 0; j < oy; j++) row(job, ox * (j + oy * k) - shift, bases, 3 * j, ranges, 4 * j, t0, t1);
      }
    }
  };
}

/**
 * The float32 values scaled to uint8 as scaleToUint8 does (conform), slice by slice through a
 * scratch slice, so the float32 volume is never written out.
 */
function scaledResampler(job) {
  const [ox, oy] = job.outDims;
  const [lo, hi] = job.toUint8;
  const scratch = new Float32Array(ox * oy);
  const run = slabResampler({ ...job, toUint8: undefined, out: scratch });
  return (k0, k1) => {
    for (let k = k0; k < k1; k++) {
      run(k, k + 1, ox * oy * k);
      scaleToUint8Into(scratch, job.out, ox * oy * k, lo, hi);
    }
  };
}

/** Values scaled so [lo, hi] spans [0, 255], clamped and rounded, into `out` from `at` (a flat range gives 0). @type {import('./resample-slab.d.mts').scaleToUint8Into} */
export function scaleToUint8Into(data, out, at, lo, hi) {
  const k = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < data.length; i++) {
    const v = (data[i] - lo) * k;
    out[at + i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
}

/** The source axis of each output axis when the map is axis-aligned, else null. */
function separableAxes(m, outDims) {
  const axes = [-1, -1, -1];
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) {
      if (Math.abs(m[r * 4 + c]) * Math.max(1, outDims[c] - 1) <= NEGLIGIBLE) continue;
      if (axes[c] >= 0) return null;
      axes[c] = r;
    }
  }
  return axes[0] >= 0 && axes[1] >= 0 && axes[2] >= 0 && new Set(axes).size === 3 ? axes : null;
}

/** Per output axis: its source axis's length, stride and the map along it (x = base + i * step). */
export function axisMaps(job, axes) {
  const [nx, ny] = job.srcDims;
  const strides = [1, nx, nx * ny];
  return axes.map((r, c) => ({ n: job.srcDims[r], stride: strides[r], base: job.m[r * 4 + 3], step: job.m[r * 4 + c], count: job.outDims[c] }));
}

/**
 * The row's range (steps from 0 to ox, the row starting at b[at..at+2]) within the source's field
 * of view (r[q], r[q + 1]) and clear of its edges by `lo` / `hi` voxels (r[q + 2], r[q + 3]).
 */
function spans(r, q, ox, b, at, d, n, lo, hi) {
  r[q] = 0; r[q + 1] = ox;
  for (let a = 0; a < 3; a++) clip(r, q, b[at + a], d[a], -0.5, n[a] - 0.5, false);
  r[q + 2] = r[q]; r[q + 3] = r[q + 1];
  for (let a = 0; a < 3; a++) clip(r, q + 2, b[at + a], d[a], lo, n[a] - hi, true);
}

const within = (v, t0, t1) => (v < t0 ? t0 : v > t1 ? t1 : v);

/** Steps [t0, t1) of a row (base b[at..], ranges r[q..] from spans): padding outside the field of view. */
function nearestRow(job, o, b, at, r, q, t0, t1) {
  const { src, out, pad, m } = job;
  const [nx, ny, nz] = job.srcDims;
  const dx = m[0], dy = m[4], dz = m[8], bx = b[at], by = b[at + 1], bz = b[at + 2];
  const a = within(r[q], t0, t1), e = within(r[q + 1], t0, t1);
  out.fill(pad, o + t0, o + a);
  out.fill(pad, o + e, o + t1);
  const plane = nx * ny;
  for (let i = a; i < e; i++) {
    // Inside the field of view x + 0.5 >= 0: truncation is floor; only the top edge can round out.
    let xi = (bx + i * dx + 0.5 + TIE) | 0, yi = (by + i * dy + 0.5 + TIE) | 0, zi = (bz + i * dz + 0.5 + TIE) | 0;
    if (xi >= nx) xi = nx - 1;
    if (yi >= ny) yi = ny - 1;
    if (zi >= nz) zi = nz - 1;
    out[o + i] = src[xi + nx * yi + plane * zi];
  }
}

function linearRow(job, o, b, at, r, q, t0, t1) {
  const { src, out, pad, m } = job;
  const [nx, ny, nz] = job.srcDims;
  const dx = m[0], dy = m[4], dz = m[8], bx = b[at], by = b[at + 1], bz = b[at + 2];
  const a = within(r[q], t0, t1), e = within(r[q + 1], t0, t1), ia = within(r[q + 2], t0, t1), ie = within(r[q + 3], t0, t1);
  out.fill(pad, o + t0, o + a);
  out.fill(pad, o + e, o + t1);
  for (let i = a; i < ia; i++) out[o + i] = trilinearClamped(src, nx, ny, nz, bx + i * dx, by + i * dy, bz + i * dz);
  for (let i = ie; i < e; i++) out[o + i] = trilinearClamped(src, nx, ny, nz, bx + i * dx, by + i * dy, bz + i * dz);
  const plane = nx * ny;
  for (let i = ia; i < ie; i++) {
    // 0 <= x < nx - 1 (and so on): both neighbours exist along each axis, truncation is floor.
    const x = bx + i * dx, y = by + i * dy, z = bz + i * dz;
    const x0 = x | 0, y0 = y | 0, z0 = z | 0;
    const tx = x - x0, ty = y - y0, tz = z - z0;
    const p = x0 + nx * y0 + plane * z0, q = p + nx, r = p + plane, s = r + nx;
    const r00 = src[p] + (src[p + 1] - src[p]) * tx;
    const r10 = src[q] + (src[q + 1] - src[q]) * tx;
    const r01 = src[r] + (src[r + 1] - src[r]) * tx;
    const r11 = src[s] + (src[s + 1] - src[s]) * tx;
    const p0 = r00 + (r10 - r00) * ty;
    out[o + i] = p0 + (r01 + (r11 - r01) * ty - p0) * tz;
  }
}

/** Trilinear value at (x, y, z) with neighbours past the edge clamped (the same formula as linearRow's). */
function trilinearClamped(src, nx, ny, nz, x, y, z) {
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
  const a = nx * y0 + plane * z0, b = nx * y1 + plane * z0, c = nx * y0 + plane * z1, d = nx * y1 + plane * z1;
  const r00 = src[a + x0] + (src[a + x1] - src[a + x0]) * tx;
  const r10 = src[b + x0] + (src[b + x1] - src[b + x0]) * tx;
  const r01 = src[c + x0] + (src[c + x1] - src[c + x0]) * tx;
  const r11 = src[d + x0] + (src[d + x1] - src[d + x0]) * tx;
  const p0 = r00 + (r10 - r00) * ty;
  return p0 + (r01 + (r11 - r01) * ty - p0) * tz;
}

const bs = [0, 0, 0], ds = [0, 0, 0];
function cubicRow(job, o, b, at, r, q, t0, t1) {
  const { out, pad, m } = job;
  bs[0] = b[at]; bs[1] = b[at + 1]; bs[2] = b[at + 2]; ds[0] = m[0]; ds[1] = m[4]; ds[2] = m[8];
  const a = within(r[q], t0, t1), e = within(r[q + 1], t0, t1), ia = within(r[q + 2], t0, t1), ie = within(r[q + 3], t0, t1);
  out.fill(pad, o + t0, o + a);
  out.fill(pad, o + e, o + t1);
  cubicRowEdge(job, o, bs, ds, a, ia);
  cubicRowEdge(job, o, bs, ds, ie, e);
  cubicRowInterior(job, o, bs, ds, ia, ie);
}

function nearestSeparable(job, axes) {
  const { src, out, pad } = job;
  const [ox, oy] = job.outDims;
  const [ti, tj, tk] = axisMaps(job, axes).map(({ n, stride, base, step, count }) => {
    const t = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const x = base + i * step;
      t[i] = inside(x, -0.5, n - 0.5, false) ? stride * Math.min(n - 1, Math.floor(x + 0.5 + TIE)) : -1;
    }
    return t;
  });
  return (k0, k1, shift = 0) => {
    for (let k = k0; k < k1; k++) {
      for (let j = 0; j < oy; j++) {
        const o = ox * (j + oy * k) - shift;
        if (tj[j] < 0 || tk[k] < 0) { out.fill(pad, o, o + ox); continue; }
        const jk = tj[j] + tk[k];
        for (let i = 0; i < ox; i++) out[o + i] = ti[i] < 0 ? pad : src[ti[i] + jk];
      }
    }
  };
}

function linearSeparable(job, axes) {
  const { src, out, pad } = job;
  const [ox, oy] = job.outDims;
  const [I, J, K] = axisMaps(job, axes).map(({ n, stride, base, step, count }) => {
    const lo = new Int32Array(count), hi = new Int32Array(count), w = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const x = base + i * step, x0 = Math.floor(x);
      if (!inside(x, -0.5, n - 0.5, false)) { lo[i] = -1; continue; }
      lo[i] = stride * Math.max(0, Math.min(n - 1, x0));
      hi[i] = stride * Math.max(0, Math.min(n - 1, x0 + 1));
      w[i] = x - x0;
    }
    return { lo, hi, w };
  });
  return (k0, k1, shift = 0) => {
    for (let k = k0; k < k1; k++) {
      for (let j = 0; j < oy; j++) {
        const o = ox * (j + oy * k) - shift;
        if (J.lo[j] < 0 || K.lo[k] < 0) { out.fill(pad, o, o + ox); continue; }
        const p = J.lo[j] + K.lo[k], q = J.hi[j] + K.lo[k], r = J.lo[j] + K.hi[k], s = J.hi[j] + K.hi[k], ty = J.w[j], tz = K.w[k];
        for (let i = 0; i < ox; i++) {
          const a = I.lo[i], b = I.hi[i], tx = I.w[i];
          if (a < 0) { out[o + i] = pad; continue; }
          const r00 = src[p + a] + (src[p + b] - src[p + a]) * tx;
          const r10 = src[q + a] + (src[q + b] - src[q + a]) * tx;
          const r01 = src[r + a] + (src[r + b] - src[r + a]) * tx;
          const r11 = src[s + a] + (src[s + b] - src[s + a]) * tx;
          const p0 = r00 + (r10 - r00) * ty;
          out[o + i] = p0 + (r01 + (r11 - r01) * ty - p0) * tz;
        }
      }
    }
  };
}
