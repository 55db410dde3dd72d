import { ORIENTATION_CODES } from '../../../domain/nodes/orientation';
import type { Geometry, TypedArray } from '../../core/values';
import { voxelToWorld, type Vec3 } from '../geometry';

/**
 * Orientation codes as nibabel and FreeSurfer write them: letter a names the world direction
 * voxel axis a points towards as its index grows (RAS: x to the right, y anterior, z superior;
 * FreeSurfer's conformed LIA: x left, y inferior, z anterior). Geometry is LPS, so L, P and S
 * are the positive world axes.
 */
const LETTER: Record<string, { axis: number; sign: 1 | -1 }> = {
  L: { axis: 0, sign: 1 }, R: { axis: 0, sign: -1 },
  P: { axis: 1, sign: 1 }, A: { axis: 1, sign: -1 },
  S: { axis: 2, sign: 1 }, I: { axis: 2, sign: -1 },
};
const NAME = [['L', 'R'], ['P', 'A'], ['S', 'I']];

const CODES = new Set(ORIENTATION_CODES);
/** A 3-letter code with one letter from each of L/R, A/P, S/I (domain/nodes/orientation.ts lists them). */
export const isOrientationCode = (code: string) => CODES.has(code);

/**
 * Which world axis (and sign) each voxel axis is closest to: the largest |direction| entry is
 * paired first, then the largest of what is left (as nibabel's io_orientation), so an oblique
 * scan gets the code of its nearest axis-aligned orientation.
 */
function nearestAxes(g: Geometry): { axis: number; sign: 1 | -1 }[] {
  const out: { axis: number; sign: 1 | -1 }[] = [];
  const freeVoxel = new Set([0, 1, 2]);
  const freeWorld = new Set([0, 1, 2]);
  for (let n = 0; n < 3; n++) {
    let best = { c: -1, r: -1, v: -1 };
    for (const c of freeVoxel) for (const r of freeWorld) {
      const v = Math.abs(g.direction[c * 3 + r]);
      if (v > best.v) best = { c, r, v };
    }
    out[best.c] = { axis: best.r, sign: g.direction[best.c * 3 + best.r] < 0 ? -1 : 1 };
    freeVoxel.delete(best.c);
    freeWorld.delete(best.r);
  }
  return out;
}

/** The orientation code of a geometry (nearest axis-aligned one when oblique). */
export function orientationOf(g: Geometry): string {
  return nearestAxes(g).map(({ axis, sign }) => NAME[axis][sign === 1 ? 0 : 1]).join('');
}

export interface Reorientation {
  /** Source voxel axis of each output axis. */
  from: Vec3;
  /** Whether output axis a runs against its source axis. */
  flip: [boolean, boolean, boolean];
  geometry: Geometry;
}

/** The exact permutation and flips that take `g` to orientation `code`, and the geometry after them. */
export function planReorient(g: Geometry, code: string): Reorientation {
  if (!isOrientationCode(code)) throw new RangeError(`not an orientation code: ${code}`);
  const have = nearestAxes(g);
  const from = [0, 0, 0] as Vec3;
  const flip: [boolean, boolean, boolean] = [false, false, false];
  const corner: Vec3 = [0, 0, 0];
  [...code].forEach((letter, a) => {
    const want = LETTER[letter];
    const s = have.findIndex((h) => h.axis === want.axis);
    from[a] = s;
    flip[a] = have[s].sign !== want.sign;
    if (flip[a]) corner[s] = g.dims[s] - 1;
  });
  const direction = [0, 1, 2].flatMap((a) => [0, 1, 2].map((r) => (flip[a] ? -1 : 1) * g.direction[from[a] * 3 + r] + 0));
  return {
    from,
    flip,
    geometry: {
      dims: from.map((s) => g.dims[s]) as Vec3,
      spacing: from.map((s) => g.spacing[s]) as Vec3,
      origin: voxelToWorld(g, corner),
      direction: direction as Geometry['direction'],
    },
  };
}

/** Copies the voxels (x fastest) into the reoriented order: a permutation, no interpolation. */
export function reorientData<T extends TypedArray>(src: T, dims: Vec3, plan: Reorientation): T {
  const stride = [1, dims[0], dims[0] * dims[1]];
  const step = plan.from.map((s, a) => (plan.flip[a] ? -stride[s] : stride[s]));
  let start = 0;
  plan.from.forEach((s, a) => { if (plan.flip[a]) start += (dims[s] - 1) * stride[s]; });
  const [nx, ny, nz] = plan.geometry.dims;
  const out = new (src.constructor as new (n: number) => T)(src.length);
  let o = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let i = start + z * step[2] + y * step[1];
      for (let x = 0; x < nx; x++, i += step[0]) out[o++] = src[i];
    }
  }
  return out;
}
