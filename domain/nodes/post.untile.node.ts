import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { channelsOf } from './shapes';
import { bytes, volume } from '../cost/node-cost';

export const postUntile = defineNode({
  kind: 'post.untile',
  version: 1,
  title: 'Reassemble tiles',
  category: 'postprocess',
  description:
    'Puts tiles [N,C,s,s,s] back together using their tile plan: [1,C,z,y,x] cropped to the original volume and geometry; overlapping voxels are averaged.',
  inputs: [{ id: 'tiles', label: 'Tiles', type: { kind: 'tensor', shape: [null, null, null, null, null] } }],
  outputs: [{ id: 'tensor', label: 'Tensor', type: { kind: 'tensor', dtype: 'float32', shape: [1, null, null, null, null] } }],
  params: z.strictObject({}),
  targets: ALL_TARGETS,
  costWeight: 1,
  cost: {
    work: ({ first, input, pass }) => {
      const out = first ? volume(first.spatial, 4, first.channels) : volume(input.dims, 4);
      return { outputs: { tensor: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    },
  },
  calibration: { inputs: { tiles: 'tiles' } },
  // The spatial size is the pre-tiling volume's, which the tile tensor type does not carry.
  inferOutputs: ({ inputs }) => ({
    tensor: { kind: 'tensor', dtype: 'float32', shape: [1, channelsOf(inputs.tiles), null, null, null] },
  }),
});
