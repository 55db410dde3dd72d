import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ALL_TARGETS, defineNode } from './spec';

export const postComponents = defineNode({
  kind: 'post.components',
  version: 1,
  title: 'Connected components',
  category: 'postprocess',
  description:
    'Cleans a label map by connected components of each label: keep only the largest (one brain, one liver), and/or drop components smaller than a volume in mL (specks). Removed voxels become background.',
  inputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  outputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  params: z.strictObject({
    keepLargest: z.boolean().default(true).meta({ description: 'Keep only the largest component of each label' }),
    minVolumeMl: z.number().min(0).max(1e6).default(0).meta({ unit: 'mL', description: 'Drop components smaller than this' }),
    connectivity: z.union([z.literal(6), z.literal(26)]).default(26).meta({ description: '6: faces touch; 26: faces, edges or corners touch' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 3,
  cost: {
    work: ({ first, input, pass }) => {
      const out = first ?? volume(input.dims, 1);
      return { outputs: { labels: out }, cpuSeconds: pass(bytes(out) * 5) };
    },
  },
  inferOutputs: ({ inputs }) => ({ labels: inputs.labels?.kind === 'label-map' ? inputs.labels : { kind: 'label-map' } }),
});
