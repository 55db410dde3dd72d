import { preResample } from '../../../domain/nodes/pre.resample.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import type { Vec3 } from '../geometry';
import { resampledGrid, resampleHere, type Resampler } from '../ops/resample';
import { inputOf } from './inputs';

/** Voxels a resampled grid may hold (a 1024^3 float32 volume is 4 GiB). */
const MAX_VOXELS = 512 ** 3;

/** pre.resample with `resample` doing the voxels (runtimes/server passes its threaded one). */
export const resampleKernelWith = (resample: Resampler) => defineKernel(preResample, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const to = params.target === 'reference'
    ? inputOf(inputs, 'reference', 'volume').geometry
    : resampledGrid(src.geometry, params.target === 'shape' ? { shape: [...params.shape] as Vec3 } : { spacing: [...params.spacing] as Vec3 });
  const voxels = to.dims[0] * to.dims[1] * to.dims[2];
  if (voxels > MAX_VOXELS) throw new RuntimeError('BAD_NODE_INPUT', `pre.resample: the new grid ${to.dims.join('x')} exceeds ${MAX_VOXELS} voxels`);
  const data = await resample(src.data, src.geometry, to, params.interpolation, params.padValue);
  const dtype = params.interpolation === 'nearest' ? src.dtype : 'float32';
  return { volume: { type: 'volume', dtype, geometry: { ...to, direction: [...to.direction] as typeof to.direction }, data } };
});

export const kernel = resampleKernelWith(resampleHere);
