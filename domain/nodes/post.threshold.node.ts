import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { channelsOf, spatialShapeOf } from './shapes';
import { labelsCost } from './post.argmax.node';

export const postThreshold = defineNode({
  kind: 'post.threshold',
  version: 1,
  title: 'Threshold to labels',
  category: 'postprocess',
  description:
    'Labels the voxels whose value in one channel of [1,C,z,y,x] (or of a float32 volume) is >= the threshold; the rest are 0.',
  inputs: [{ id: 'tensor', label: 'Scores', type: { kind: 'tensor', shape: [1, null, null, null, null] } }],
  outputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  params: z.strictObject({
    channel: z.number().int().min(0).default(0).meta({ description: 'Channel to threshold' }),
    threshold: z.number().default(0.5).meta({ description: 'Voxels with value >= threshold get the label' }),
    label: z.number().int().min(1).max(255).default(1).meta({ description: 'Label value of voxels above the threshold' }),
    name: z.string().min(1).max(120).default('foreground').meta({ description: 'Name of the label' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 0.5,
  cost: { work: (ctx) => labelsCost(ctx) },
  calibration: { params: { threshold: 0.5 }, inputs: { tensor: 'normalized' } },
  inferOutputs: ({ inputs }) => ({ labels: { kind: 'label-map', shape: spatialShapeOf(inputs.tensor) } }),
  check: ({ params, inputs, nodeId }) => {
    const c = channelsOf(inputs.tensor);
    if (c === null || params.channel < c) return [];
    return [{ code: 'bad-params', severity: 'error', nodeId, message: `channel ${params.channel} does not exist: the input has ${c} channel(s)` }];
  },
});
