import type { TypedArray } from '../../core/values';
import type { Vec3 } from '../geometry';

/** The pole of the cubic B-spline's inverse filter (Unser 1999). */
const Z = Math.sqrt(3) - 2;

/** The causal initial value's weights along a line of n: the mirrored sum, exact (the geometric tail past 2n-2 terms repeats). */
function initWeights(n: number): { w: Float64Array; last: number; z2n: number } {
  const w = new Float64Array(n);
  const z2n = Math.pow(Z, 2 * n - 2);
  let zk = Z, zr = z2n / Z;
  for (let k = 1; k < n - 1; k++, zk *= Z, zr /= Z) w[k] = zk + zr;
  return { w, last: zk, z2n };
}

/**
 * In-place prefilter into cubic B-spline coefficients (mirror boundaries) of `count` lines of n
 * values side by side: line l's value k at start + k * step + l. Lines next to each other in
 * memory are filtered together, so the inner loops run along memory whatever the line direction.
 */
function filterLines(c: Float64Array, start: number, n: number, step: number, count: number, acc: Float64Array): void {
  if (n === 1) return;
  const { w, last, z2n } = initWeights(n);
  const row = (k: number) => start + k * step;
  for (let k = 0; k < n; k++) for (let l = row(k), e = l + count; l < e; l++) c[l] *= 6; // gain (1 - z)(1 - 1/z)
  for (let l = 0; l < count; l++) acc[l] = c[start + l];
  for (let k = 1; k < n - 1; k++) for (let l = 0, r = row(k), wk = w[k]; l < count; l++) acc[l] += wk * c[r + l];
  for (let l = 0, r = row(n - 1); l < count; l++) c[start + l] = (acc[l] + last * c[r + l]) / (1 - z2n);
  for (let k = 1; k < n; k++) for (let l = 0, r = row(k), p = row(k - 1); l < count; l++) c[r + l] += Z * c[p + l];
  for (let l = 0, r = row(n - 1), p = row(n - 2); l < count; l++) c[r + l] = (Z / (Z * Z - 1)) * (c[r + l] + Z * c[p + l]);
  for (let k = n - 2; k >= 0; k--) for (let l = 0, r = row(k), q = row(k + 1); l < count; l++) c[r + l] = Z * (c[q + l] - c[r + l]);
}

/** The same for one line of n values at start, start + step, ... (the x lines: contiguous themselves). */
function filterLine(c: Float64Array, start: number, n: number, w: Float64Array, last: number, z2n: number): void {
  const end = start + n;
  for (let i = start; i < end; i++) c[i] *= 6;
  let sum = c[start];
  for (let k = 1; k < n - 1; k++) sum += w[k] * c[start + k];
  c[start] = (sum + last * c[end - 1]) / (1 - z2n);
  for (let i = start + 1; i < end; i++) c[i] += Z * c[i - 1];
  c[end - 1] = (Z / (Z * Z - 1)) * (c[end - 1] + Z * c[end - 2]);
  for (let i = end - 2; i >= start; i--) c[i] = Z * (c[i + 1] - c[i]);
}

/** Cubic B-spline coefficients of a volume (x fastest), separable along x, y and z, into `c` (src's length). */
export function bsplineCoefficients(src: TypedArray, dims: Vec3, c: Float64Array = new Float64Array(src.length)): Float64Array {
  const [nx, ny, nz] = dims;
  c.set(src);
  const acc = new Float64Array(nx * ny);
  if (nx > 1) {
    const { w, last, z2n } = initWeights(nx);
    for (let line = 0; line < ny * nz; line++) filterLine(c, nx * line, nx, w, last, z2n);
  }
  for (let z = 0; z < nz; z++) filterLines(c, nx * ny * z, ny, nx, nx, acc);
  filterLines(c, 0, nz, nx * ny, nx * ny, acc);
  return c;
}
