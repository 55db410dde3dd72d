import { postThreshold } from '../../../domain/nodes/post.threshold.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import { asTensor, tensorToVolumeDims } from '../../core/tensor';
import type { LabelMapValue } from '../../core/values';
import { threshold } from '../ops/threshold';
import { inputOf } from './inputs';

export const kernel = defineKernel(postThreshold, async ({ params, inputs }) => {
  const t = asTensor(inputOf(inputs, 'tensor', 'tensor', 'volume'));
  const { channels, voxels, geometry } = tensorToVolumeDims(t);
  if (params.channel >= channels) {
    throw new RuntimeError('BAD_NODE_INPUT', `channel ${params.channel} does not exist: the tensor has ${channels} channel(s)`);
  }
  const plane = t.data.subarray(params.channel * voxels, (params.channel + 1) * voxels);
  const out: LabelMapValue = {
    type: 'label-map',
    geometry,
    data: threshold(plane, params.threshold, params.label),
    labels: [{ value: 0, name: 'background' }, { value: params.label, name: params.name }],
  };
  return { labels: out };
});
