import { preNormalize } from '../../../domain/nodes/pre.normalize.node';
import { defineKernel } from '../../core/kernel';
import type { TypedArray, VolumeValue } from '../../core/values';
import { normalize, type NormalizeOptions } from '../ops/normalize';
import { inputOf } from './inputs';

/** The normalized intensities, possibly computed elsewhere than this thread (the server: a helper thread). */
export type Normalize = (src: TypedArray, opts: NormalizeOptions) => Float32Array | Promise<Float32Array>;

export const normalizeKernelWith = (normalizeFn: Normalize) =>
  defineKernel(preNormalize, async ({ params, inputs }) => {
    const src = inputOf(inputs, 'volume', 'volume');
    const out: VolumeValue = { type: 'volume', dtype: 'float32', geometry: src.geometry, data: await normalizeFn(src.data, params) };
    return { volume: out };
  });

export const kernel = normalizeKernelWith((src, opts) => normalize(src, opts));
