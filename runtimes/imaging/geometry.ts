import type { Geometry } from '../core/values';

/**
 * Helpers on `Geometry` (patient LPS, mm; `direction` column-major: columns are the unit
 * vectors of the i, j, k voxel axes). world = origin + direction * diag(spacing) * [i, j, k].
 * NIfTI stores the same mapping as a 4x4 affine in RAS: RAS = diag(-1, -1, 1) * LPS.
 */
export type Vec3 = [number, number, number];
/** A 4x4 affine as 3 rows of 4 (the bottom row is always [0, 0, 0, 1]), like NIfTI srow_x/y/z. */
export type Affine = [number[], number[], number[]];

/** a . b and a x b of 3-vectors (tuples or the first three entries of a list). */
export const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: readonly number[], b: readonly number[]): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

const IDENTITY: Geometry['direction'] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function identityGeometry(dims: Vec3, spacing: Vec3 = [1, 1, 1]): Geometry {
  return { dims: [...dims], spacing: [...spacing], origin: [0, 0, 0], direction: [...IDENTITY] };
}

/** Element (row r, column c) of the 3x3 matrix direction * diag(spacing). */
function m(g: Geometry, r: number, c: number): number {
  return g.direction[c * 3 + r] * g.spacing[c];
}

/** Continuous voxel index [i, j, k] -> LPS world point in mm. */
export function voxelToWorld(g: Geometry, ijk: Vec3): Vec3 {
  const out: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) out[r] = g.origin[r] + m(g, r, 0) * ijk[0] + m(g, r, 1) * ijk[1] + m(g, r, 2) * ijk[2];
  return out;
}

function det3(a: number[]): number {
  return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
}

/** Inverse of a row-major 3x3 matrix; throws on a singular matrix (degenerate geometry). */
function inverse3(a: number[]): number[] {
  const d = det3(a);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12) throw new RangeError('singular voxel-to-world matrix');
  return [
    (a[4] * a[8] - a[5] * a[7]) / d, (a[2] * a[7] - a[1] * a[8]) / d, (a[1] * a[5] - a[2] * a[4]) / d,
    (a[5] * a[6] - a[3] * a[8]) / d, (a[0] * a[8] - a[2] * a[6]) / d, (a[2] * a[3] - a[0] * a[5]) / d,
    (a[3] * a[7] - a[4] * a[6]) / d, (a[1] * a[6] - a[0] * a[7]) / d, (a[0] * a[4] - a[1] * a[3]) / d,
  ];
}

/** LPS world point in mm -> continuous voxel index (round it for nearest neighbour). */
export function worldToVoxel(g: Geometry, xyz: Vec3): Vec3 {
  const inv = inverse3([m(g, 0, 0), m(g, 0, 1), m(g, 0, 2), m(g, 1, 0), m(g, 1, 1), m(g, 1, 2), m(g, 2, 0), m(g, 2, 1), m(g, 2, 2)]);
  const d = [xyz[0] - g.origin[0], xyz[1] - g.origin[1], xyz[2] - g.origin[2]];
  return [0, 1, 2].map((r) => inv[r * 3] * d[0] + inv[r * 3 + 1] * d[1] + inv[r * 3 + 2] * d[2]) as Vec3;
}

/** Geometry -> NIfTI voxel-to-RAS affine (rows x and y negated: LPS -> RAS). */
export function geometryToNiftiAffine(g: Geometry): Affine {
  const flip = [-1, -1, 1];
  return [0, 1, 2].map((r) => [m(g, r, 0) * flip[r], m(g, r, 1) * flip[r], m(g, r, 2) * flip[r], g.origin[r] * flip[r]]) as Affine;
}

/**
 * NIfTI voxel-to-RAS affine -> Geometry. Spacing is the length of each column, direction the
 * normalised column (shear, if any, stays in the direction matrix). A zero column (degenerate
 * affine) throws RangeError: callers turn it into their own typed error.
 */
export function niftiAffineToGeometry(a: Affine, dims: Vec3): Geometry {
  // `+ 0` turns the -0 of flipped zeros into 0 so geometries compare equal.
  const flip = [-1, -1, 1];
  const spacing: Vec3 = [0, 0, 0];
  const direction = [...IDENTITY] as Geometry['direction'];
  for (let c = 0; c < 3; c++) {
    const col = [a[0][c] * flip[0], a[1][c] * flip[1], a[2][c] * flip[2]];
    const len = Math.hypot(col[0], col[1], col[2]);
    if (!Number.isFinite(len) || len === 0) throw new RangeError(`affine column ${c} is zero or not finite`);
    spacing[c] = len;
    for (let r = 0; r < 3; r++) direction[c * 3 + r] = col[r] / len + 0;
  }
  const origin: Vec3 = [a[0][3] * flip[0] + 0, a[1][3] * flip[1] + 0, a[2][3] * flip[2] + 0];
  if (!origin.every(Number.isFinite)) throw new RangeError('affine offset is not finite');
  return { dims: [...dims], spacing, origin, direction };
}

/** Geometry of the box starting at voxel `offset` (may be negative: padding) with `dims`. */
export function subGeometry(g: Geometry, offset: Vec3, dims: Vec3): Geometry {
  return { dims: [...dims], spacing: [...g.spacing], origin: voxelToWorld(g, offset), direction: [...g.direction] };
}

/** Volume of one voxel in millilitres (mm^3 / 1000); |det| so a sheared grid counts right. */
export function voxelVolumeMl(g: Geometry): number {
  return Math.abs(det3(g.direction)) * (g.spacing[0] * g.spacing[1] * g.spacing[2]) / 1000;
}

/** Number of voxels described by a geometry. */
export function voxelCount(g: Geometry): number {
  return g.dims[0] * g.dims[1] * g.dims[2];
}
