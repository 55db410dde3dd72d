import type { TypedArray } from '../../core/values';
import type { Vec3 } from '../geometry';

/** The pole of the cubic B-spline's inverse filter (Unser 1999). */
const Z = Math.sqrt(3) - 2;

/** Index into [0, n) reflected about the edge voxels (…2 1 0 1 2…), as scipy's 'mirror'. */
export function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let r = Math.abs(i) % period;
  if (r >= n) r = period - r;
  return r;
}

/** In-place prefilter of one line (stride `step`) into cubic B-spline coefficients, mirror boundaries. */
function filterLine(c: Float64Array, start: number, n: number, step: number): void {
  if (n === 1) return;
  const at = (k: number) => start + k * step;
  for (let k = 0; k < n; k++) c[at(k)] *= 6; // gain (1 - z)(1 - 1/z)
  // Causal initial value: the mirrored sum, exact (the geometric tail past 2n-2 terms repeats).
  let sum = c[at(0)], zk = Z;
  const z2n = Math.pow(Z, 2 * n - 2);
  let zr = z2n / Z;
  for (let k = 1; k < n - 1; k++, zk *= Z, zr /= Z) sum += (zk + zr) * c[at(k)];
  sum += zk * c[at(n - 1)];
  c[at(0)] = sum / (1 - z2n);
  for (let k = 1; k < n; k++) c[at(k)] += Z * c[at(k - 1)];
  c[at(n - 1)] = (Z / (Z * Z - 1)) * (c[at(n - 1)] + Z * c[at(n - 2)]);
  for (let k = n - 2; k >= 0; k--) c[at(k)] = Z * (c[at(k + 1)] - c[at(k)]);
}

/** Cubic B-spline coefficients of a volume (x fastest), separable along x, y and z. */
export function bsplineCoefficients(src: TypedArray, dims: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const c = Float64Array.from(src);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) filterLine(c, nx * (y + ny * z), nx, 1);
  for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) filterLine(c, x + nx * ny * z, ny, nx);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) filterLine(c, x + nx * y, nz, nx * ny);
  return c;
}

function weights(t: number, w: Float64Array): void {
  const t2 = t * t, t3 = t2 * t, u = 1 - t;
  w[0] = (u * u * u) / 6;
  w[1] = (3 * t3 - 6 * t2 + 4) / 6;
  w[2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
  w[3] = t3 / 6;
}
const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4);
const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4);

/** The cubic B-spline through `coef` at continuous index (x, y, z). */
export function cubicAt(coef: Float64Array, dims: Vec3, x: number, y: number, z: number): number {
  const [nx, ny, nz] = dims;
  const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
  weights(x - x0, wx); weights(y - y0, wy); weights(z - z0, wz);
  for (let a = 0; a < 4; a++) {
    ix[a] = mirror(x0 - 1 + a, nx);
    iy[a] = nx * mirror(y0 - 1 + a, ny);
    iz[a] = nx * ny * mirror(z0 - 1 + a, nz);
  }
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
