import { postComponents } from '../../../domain/nodes/post.components.node';
import { defineKernel } from '../../core/kernel';
import type { LabelMapValue } from '../../core/values';
import { voxelVolumeMl } from '../geometry';
import { pruneComponents } from '../ops/components';
import { inputOf } from './inputs';

export const kernel = defineKernel(postComponents, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'labels', 'label-map');
  const minVoxels = params.minVolumeMl > 0 ? Math.ceil(params.minVolumeMl / voxelVolumeMl(src.geometry) - 1e-9) : 0;
  const data = pruneComponents(src.data, src.geometry.dims, { connectivity: params.connectivity, keepLargest: params.keepLargest, minVoxels });
  const out: LabelMapValue = { ...src, data };
  return { labels: out };
});
