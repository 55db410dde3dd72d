import type { Geometry, LabelMapValue, VolumeValue } from '../runtimes/core/values';
import { gaussian, mulberry32 } from './prng';
import { TISSUES, TISSUE_LABELS } from './tissues';

export interface HeadPhantom {
  volume: VolumeValue;
  /** Ground truth: the tissue each voxel was drawn from (values of TISSUES). */
  labels: LabelMapValue;
}

const SPACING_MM = 1.5;
/** Head semi-axes as fractions of half the field of view: x left-right, y front-back, z foot-head. */
const HEAD = [0.72, 0.88, 0.8] as const;
/** Shell boundaries on the normalised ellipsoidal radius (1 = outer scalp surface). */
const SCALP_INNER = 0.88;
const CSF_INNER = 0.81;
const GREY_INNER = 0.64;
/** Lateral ventricles: centres and semi-axes, same units as HEAD. */
const VENTRICLES = [
  { c: [-0.12, 0.04, 0.1], r: [0.07, 0.24, 0.1] },
  { c: [0.12, 0.04, 0.1], r: [0.07, 0.24, 0.1] },
] as const;
const NOISE_SD = 5;
const BIAS = 0.08; // peak-to-centre multiplicative bias field amplitude

function tissueAt(x: number, y: number, z: number): number {
  const rho = Math.hypot(x / HEAD[0], y / HEAD[1], z / HEAD[2]);
  if (rho > 1) return 0;
  if (rho > SCALP_INNER) return 4;
  if (rho > CSF_INNER) return 1;
  for (const v of VENTRICLES) {
    if (Math.hypot((x - v.c[0]) / v.r[0], (y - v.c[1]) / v.r[1], (z - v.c[2]) / v.r[2]) <= 1) return 1;
  }
  return rho > GREY_INNER ? 2 : 3;
}

/** 1.5 mm isotropic, LPS axes (identity direction), volume centre at the world origin. */
export function phantomGeometry(size: number): Geometry {
  const o = (-(size - 1) / 2) * SPACING_MM;
  return {
    dims: [size, size, size],
    spacing: [SPACING_MM, SPACING_MM, SPACING_MM],
    origin: [o, o, o],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
}

/**
 * A synthetic T1-like head: bright scalp/skull shell, dark CSF ring and ventricles, grey matter
 * shell, brighter white matter core, with a smooth bias field and Gaussian noise. Deterministic
 * for a given size and seed.
 */
export function makeHeadPhantom({ size = 128, seed = 20260101 }: { size?: number; seed?: number } = {}): HeadPhantom {
  const n = size * size * size;
  const voxels = new Uint8Array(n);
  const truth = new Uint8Array(n);
  const noise = gaussian(mulberry32(seed));
  const half = (size - 1) / 2;
  let i = 0;
  for (let k = 0; k < size; k++) {
    const z = (k - half) / half;
    for (let j = 0; j < size; j++) {
      const y = (j - half) / half;
      for (let ii = 0; ii < size; ii++, i++) {
        const x = (ii - half) / half;
        const t = tissueAt(x, y, z);
        truth[i] = t;
        const bias = 1 + BIAS * (0.6 * x - 0.4 * y + 0.5 * z) / 1.5;
        const v = TISSUES[t].intensity * bias + NOISE_SD * noise();
        voxels[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  const geometry = phantomGeometry(size);
  return {
    volume: { type: 'volume', dtype: 'uint8', geometry, data: voxels },
    labels: { type: 'label-map', geometry: { ...geometry }, data: truth, labels: TISSUE_LABELS },
  };
}
