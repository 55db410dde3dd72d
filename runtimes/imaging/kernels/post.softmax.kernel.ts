import { postSoftmax } from '../../../domain/nodes/post.softmax.node';
import { defineKernel } from '../../core/kernel';
import { asTensor, tensorToVolumeDims } from '../../core/tensor';
import type { TensorValue } from '../../core/values';
import { softmax } from '../ops/activation';
import { inputOf } from './inputs';

export const kernel = defineKernel(postSoftmax, async ({ inputs }) => {
  const t = asTensor(inputOf(inputs, 'tensor', 'tensor', 'volume'));
  const out: TensorValue = { ...t, data: softmax(t.data, tensorToVolumeDims(t).channels) };
  return { tensor: out };
});
