import { postUntile } from '../../../domain/nodes/post.untile.node';
import { defineKernel } from '../../core/kernel';
import { RuntimeError } from '../../core/errors';
import type { TensorValue } from '../../core/values';
import { untile } from '../ops/untile';
import { inputOf } from './inputs';

export const kernel = defineKernel(postUntile, async ({ inputs }) => {
  const src = inputOf(inputs, 'tiles', 'tensor');
  const plan = src.tiling;
  if (!plan) throw new RuntimeError('BAD_NODE_INPUT', 'the tensor carries no tile plan: connect it (through a model) to pre.tile');
  const [n, channels, ...spatial] = src.dims;
  const [sx, sy, sz] = plan.size;
  if (src.dims.length !== 5 || n !== plan.origins.length || spatial.join() !== [sz, sy, sx].join()) {
    throw new RuntimeError('SHAPE_MISMATCH', `tiles [${src.dims.join(',')}] do not match the plan (${plan.origins.length} tiles of ${sx}x${sy}x${sz})`);
  }
  const [x, y, z] = plan.geometry.dims;
  const out: TensorValue = { type: 'tensor', dims: [1, channels, z, y, x], data: untile(src.data, channels, plan), geometry: plan.geometry };
  return { tensor: out };
});
