import { preTile } from '../../../domain/nodes/pre.tile.node';
import { defineKernel } from '../../core/kernel';
import type { TensorValue } from '../../core/values';
import { extractTiles, planTiles } from '../ops/tile';
import { inputOf } from './inputs';

export const kernel = defineKernel(preTile, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const plan = planTiles(src.geometry, params.size, params.overlap);
  const s = params.size;
  // No `geometry`: the spatial dims are tile-sized; the volume's geometry travels in the plan.
  const out: TensorValue = { type: 'tensor', dims: [plan.origins.length, 1, s, s, s], data: extractTiles(src.data, plan, params.padValue), tiling: plan };
  return { tiles: out };
});
