// Types of resample-slab.mjs (plain JS so the server's helper threads can import it by file path).
type Samples = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** One resampling, as every thread sees it (structured-cloneable: typed arrays, numbers, strings). */
export interface SlabJob {
  src: Samples;
  srcDims: [number, number, number];
  /** Cubic: the B-spline coefficients of `src` (bspline.ts). */
  coef?: Float64Array;
  out: Samples;
  outDims: [number, number, number];
  /** Output voxel index -> continuous source index, 3x4 row-major (ops/geometry.ts gridToGrid). */
  m: number[];
  mode: 'nearest' | 'linear' | 'cubic';
  pad: number;
  /** [lo, hi]: the (float32) values scaled to uint8 as scaleToUint8Into does; `out` is then a Uint8Array. */
  toUint8?: [number, number];
}

/** Fills output slices [k0, k1), voxel o of the output at out[o - shift]. */
export type SlabRun = (k0: number, k1: number, shift?: number) => void;

/** One output axis of an axis-aligned map: x = base + i * step along a source axis of length n and stride `stride`. */
export interface AxisMap { n: number; stride: number; base: number; step: number; count: number }

export function slabResampler(job: SlabJob): SlabRun;
export function scaleToUint8Into(data: ArrayLike<number>, out: Uint8Array, at: number, lo: number, hi: number): void;
export function axisMaps(job: SlabJob, axes: number[]): AxisMap[];
