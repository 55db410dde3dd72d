import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ALL_TARGETS, defineNode } from './spec';

export const postMorphology = defineNode({
  kind: 'post.morphology',
  version: 1,
  title: 'Morphology',
  category: 'postprocess',
  description:
    'Dilate, erode, open or close each label with a ball of the given radius in mm (so anisotropic voxels are handled), or fill holes (background enclosed by labels takes the label around it). Dilation grows into background only.',
  inputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  outputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  params: z.strictObject({
    operation: z.enum(['dilate', 'erode', 'open', 'close', 'fill-holes']).default('close').meta({ description: 'What to do' }),
    radiusMm: z.number().min(0).max(20).default(1).meta({ unit: 'mm', description: 'Ball radius (not used by fill-holes)' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 4,
  cost: {
    work: ({ params, first, input, pass }) => {
      const out = first ?? volume(input.dims, 1);
      const ball = Math.max(1, (4 / 3) * Math.PI * params.radiusMm ** 3);
      return { outputs: { labels: out }, cpuSeconds: pass(bytes(out) * (params.operation === 'fill-holes' ? 4 : ball)) };
    },
  },
  inferOutputs: ({ inputs }) => ({ labels: inputs.labels?.kind === 'label-map' ? inputs.labels : { kind: 'label-map' } }),
});
