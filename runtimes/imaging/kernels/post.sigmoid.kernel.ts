import { postSigmoid } from '../../../domain/nodes/post.sigmoid.node';
import { defineKernel } from '../../core/kernel';
import { asTensor } from '../../core/tensor';
import type { TensorValue } from '../../core/values';
import { sigmoid } from '../ops/activation';
import { inputOf } from './inputs';

export const kernel = defineKernel(postSigmoid, async ({ inputs }) => {
  const t = asTensor(inputOf(inputs, 'tensor', 'tensor', 'volume'));
  const out: TensorValue = { ...t, data: sigmoid(t.data) };
  return { tensor: out };
});
