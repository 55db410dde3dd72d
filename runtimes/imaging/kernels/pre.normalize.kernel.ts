import { preNormalize } from '../../../domain/nodes/pre.normalize.node';
import { defineKernel } from '../../core/kernel';
import type { VolumeValue } from '../../core/values';
import { normalize } from '../ops/normalize';
import { inputOf } from './inputs';

export const kernel = defineKernel(preNormalize, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const out: VolumeValue = { type: 'volume', dtype: 'float32', geometry: src.geometry, data: normalize(src.data, params) };
  return { volume: out };
});
