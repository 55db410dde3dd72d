import { preClipPercentile } from '../../../domain/nodes/pre.clip-percentile.node';
import { defineKernel } from '../../core/kernel';
import { percentiles } from '../ops/percentile';
import { inputOf } from './inputs';

export const kernel = defineKernel(preClipPercentile, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const [lo, hi] = percentiles(src.data, [params.low, params.high]);
  const data = src.data.map((v) => (v < lo ? lo : v > hi ? hi : v));
  return { volume: { ...src, data } };
});
