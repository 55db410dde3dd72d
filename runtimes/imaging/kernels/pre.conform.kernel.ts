import { preConform } from '../../../domain/nodes/pre.conform.node';
import { defineKernel } from '../../core/kernel';
import { conformedGrid } from '../ops/conform';
import { percentiles } from '../ops/percentile';
import { resampleHere, type Resampler } from '../ops/resample';
import { inputOf } from './inputs';

/** pre.conform with `resample` doing the voxels (runtimes/server passes its threaded one). */
export const conformKernelWith = (resample: Resampler) => defineKernel(preConform, async ({ params, inputs, ctx }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const [lo, hi] = percentiles(src.data, [params.lowPercentile, params.highPercentile]);
  ctx.progress(0.2);
  const grid = conformedGrid(src.geometry, params.size, params.spacing, params.orientation);
  const data = (await resample(src.data, src.geometry, grid, 'linear', lo, { toUint8: [lo, hi] })) as Uint8Array;
  return { volume: { type: 'volume', dtype: 'uint8', geometry: grid, data } };
});

export const kernel = conformKernelWith(resampleHere);
