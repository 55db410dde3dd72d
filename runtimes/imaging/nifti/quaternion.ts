import { cross, dot, type Affine } from '../geometry';

/**
 * NIfTI-1 qform: a rotation as a unit quaternion (b, c, d; a is implied), voxel sizes, an
 * offset and qfac (pixdim[0], the sign of the k axis). Formulas from nifti1_io.c
 * (quatern_to_mat44 / mat44_to_quatern). All in RAS.
 */
export function quaternToAffine(
  [b0, c0, d0]: [number, number, number],
  offset: [number, number, number],
  pixdim: [number, number, number],
  qfac: number,
): Affine {
  let [a, b, c, d] = [1 - (b0 * b0 + c0 * c0 + d0 * d0), b0, c0, d0];
  if (a < 1e-7) {
    // 180 degree rotation: renormalise (b, c, d); a = 0.
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    [a, b, c, d] = [0, b * n, c * n, d * n];
  } else {
    a = Math.sqrt(a);
  }
  const [xd, yd] = [pixdim[0] > 0 ? pixdim[0] : 1, pixdim[1] > 0 ? pixdim[1] : 1];
  const zd = (pixdim[2] > 0 ? pixdim[2] : 1) * (qfac < 0 ? -1 : 1);
  return [
    [(a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, offset[0]],
    [2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, offset[1]],
    [2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, offset[2]],
  ];
}

type V3 = [number, number, number];
const unit = (u: V3): V3 => {
  const n = Math.hypot(...u) || 1;
  return [u[0] / n, u[1] / n, u[2] / n];
};

/**
 * Affine (any voxel sizes, possibly slightly non-orthogonal) -> qform. The columns are
 * orthonormalised (Gram-Schmidt) first: a qform can only hold a rotation, the sform keeps
 * the exact matrix.
 */
export function affineToQuatern(aff: Affine): { quatern: V3; qoffset: V3; qfac: 1 | -1 } {
  const col = (c: number): V3 => [aff[0][c], aff[1][c], aff[2][c]];
  const x = unit(col(0));
  const y0 = col(1);
  const y = unit([y0[0] - dot(y0, x) * x[0], y0[1] - dot(y0, x) * x[1], y0[2] - dot(y0, x) * x[2]]);
  const qfac = dot(cross(x, y), col(2)) < 0 ? -1 : 1;
  const z = cross(x, y); // proper rotation: the k flip lives in qfac
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = [x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]];
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    [b, c, d] = [(0.25 * (r32 - r23)) / a, (0.25 * (r13 - r31)) / a, (0.25 * (r21 - r12)) / a];
  } else {
    const [xd, yd, zd] = [1 + r11 - (r22 + r33), 1 + r22 - (r11 + r33), 1 + r33 - (r11 + r22)];
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      [c, d, a] = [(0.25 * (r12 + r21)) / b, (0.25 * (r13 + r31)) / b, (0.25 * (r32 - r23)) / b];
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      [b, d, a] = [(0.25 * (r12 + r21)) / c, (0.25 * (r23 + r32)) / c, (0.25 * (r13 - r31)) / c];
    } else {
      d = 0.5 * Math.sqrt(zd);
      [b, c, a] = [(0.25 * (r13 + r31)) / d, (0.25 * (r23 + r32)) / d, (0.25 * (r21 - r12)) / d];
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { quatern: [b, c, d], qoffset: [aff[0][3], aff[1][3], aff[2][3]], qfac };
}
