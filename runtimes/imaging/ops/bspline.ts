import type { TypedArray } from '../../core/values';
import type { Vec3 } from '../geometry';

/** The pole of the cubic B-spline's inverse filter (Unser 1999). */
const Z = Math.sqrt(3) - 2;

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

/** Cubic B-spline coefficients of a volume (x fastest), separable along x, y and z, into `c` (src's length). */
export function bsplineCoefficients(src: TypedArray, dims: Vec3, c: Float64Array = new Float64Array(src.length)): Float64Array {
  const [nx, ny, nz] = dims;
  c.set(src);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) filterLine(c, nx * (y + ny * z), nx, 1);
  for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) filterLine(c, x + nx * ny * z, ny, nx);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) filterLine(c, x + nx * y, nz, nx * ny);
  return c;
}
