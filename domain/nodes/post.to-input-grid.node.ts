import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ALL_TARGETS, defineNode } from './spec';

export const postToInputGrid = defineNode({
  kind: 'post.to-input-grid',
  version: 1,
  title: 'Back to the scan\'s grid',
  category: 'postprocess',
  description:
    'Maps a label map (nearest neighbour, through world space) onto the grid of the volume on the `reference` port, normally the scan as read, so the result lines up voxel for voxel with what was uploaded. Voxels the labels do not cover get label 0.',
  inputs: [
    { id: 'labels', label: 'Labels', type: { kind: 'label-map' } },
    { id: 'reference', label: 'Scan grid', type: { kind: 'volume' } },
  ],
  outputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  params: z.strictObject({}),
  targets: ALL_TARGETS,
  costWeight: 1,
  cost: {
    work: ({ ins, input, pass }) => {
      const ref = ins.reference;
      const out = volume(ref?.spatial ?? input.dims, ins.labels?.elemBytes ?? 1);
      return { outputs: { labels: out }, cpuSeconds: pass(bytes(ins.labels) + bytes(out)) };
    },
  },
  inferOutputs: ({ inputs }) => {
    const ref = inputs.reference;
    return { labels: ref?.kind === 'volume' && ref.shape ? { kind: 'label-map', shape: ref.shape } : { kind: 'label-map' } };
  },
});
