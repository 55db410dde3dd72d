import type { Geometry, TypedArray } from '../../core/values';
import { voxelToWorld, type Vec3 } from '../geometry';
import { gridToGrid } from './geometry';
import { bsplineCoefficients } from './bspline';
import { slabResampler, type SlabJob } from './resample-slab.mjs';

export type Interpolation = 'nearest' | 'linear' | 'cubic';

/**
 * The grid of the same field of view and directions at a new spacing or shape, centred on the
 * source grid (voxel centres move; the middle of the volume stays where it was). From a spacing
 * the shape is the rounded extent / spacing; from a shape the spacing is extent / shape exactly.
 */
export function resampledGrid(g: Geometry, to: { spacing: Vec3 } | { shape: Vec3 }): Geometry {
  const dims = ('shape' in to ? to.shape : g.dims.map((n, a) => Math.max(1, Math.round((n * g.spacing[a]) / to.spacing[a])))) as Vec3;
  const spacing = ('shape' in to ? g.dims.map((n, a) => (n * g.spacing[a]) / dims[a]) : to.spacing) as Vec3;
  // Continuous source index of the new grid's first voxel centre, per axis.
  const first = g.dims.map((n, a) => (n - 1) / 2 - ((dims[a] - 1) / 2) * (spacing[a] / g.spacing[a])) as Vec3;
  return { dims, spacing, origin: voxelToWorld(g, first), direction: [...g.direction] as Geometry['direction'] };
}

/** `toUint8: [lo, hi]`: the float32 result scaled to uint8 as scaleToUint8 (conform.ts) does, without the float32 volume. */
export interface ResampleOptions { toUint8?: [number, number] }

/** Where a resampling's arrays live: ordinary memory here, shared memory for the server's threads. */
export interface ResampleMemory {
  output(kind: new (buffer: ArrayBufferLike) => TypedArray, bytes: number): TypedArray;
  /** The B-spline coefficients' array (cubic). */
  coefficients(length: number): Float64Array;
}
const ordinary: ResampleMemory = {
  output: (kind, bytes) => new kind(new ArrayBuffer(bytes)),
  coefficients: (length) => new Float64Array(length),
};

/**
 * Everything the voxel loops (resample-slab.mjs) need for `src` (grid `from`) onto grid `to`;
 * the output allocated, the B-spline coefficients computed (cubic).
 */
export function planResample(src: TypedArray, from: Geometry, to: Geometry, interpolation: Interpolation, padValue = 0, options: ResampleOptions = {}, memory = ordinary): SlabJob {
  const total = to.dims[0] * to.dims[1] * to.dims[2];
  const kind = (options.toUint8 ? Uint8Array : interpolation === 'nearest' ? src.constructor : Float32Array) as new (buffer: ArrayBufferLike) => TypedArray;
  const out = memory.output(kind, total * (kind as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT);
  const coef = interpolation === 'cubic' ? bsplineCoefficients(src, from.dims, memory.coefficients(src.length)) : undefined;
  return { src, srcDims: [...from.dims], coef, out, outDims: [...to.dims], m: gridToGrid(to, from), mode: interpolation, pad: padValue, toUint8: options.toUint8 };
}

/**
 * Values of `src` (grid `from`) at the voxel centres of grid `to`, through world space (any
 * affines, oblique included). Points outside the source's field of view (more than half a voxel
 * beyond its edge voxels) get `padValue`; inside it, neighbours past the edge are clamped
 * (linear) or mirrored (cubic B-spline, as scipy.ndimage's default). Nearest keeps the source
 * array type; linear and cubic give float32 (or uint8 with `toUint8`). One thread (the server
 * splits it: runtimes/server).
 */
export function resample(src: TypedArray, from: Geometry, to: Geometry, interpolation: Interpolation, padValue = 0, options: ResampleOptions = {}): TypedArray {
  const job = planResample(src, from, to, interpolation, padValue, options);
  slabResampler(job)(0, to.dims[2]);
  return job.out;
}

/** A resampler as the geometry kernels take it: resample above, or the server's on several threads. */
export type Resampler = (src: TypedArray, from: Geometry, to: Geometry, interpolation: Interpolation, padValue?: number, options?: ResampleOptions) => Promise<TypedArray>;
export const resampleHere: Resampler = async (...args) => resample(...args);
