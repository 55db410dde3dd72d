import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';

export const postLabelVolumes = defineNode({
  kind: 'post.label-volumes',
  version: 1,
  title: 'Label volumes',
  category: 'postprocess',
  description:
    'Counts the voxels of each label and their volume in mL (voxel spacing from the geometry): report {kind: "label-volumes", voxelVolumeMl, labels}.',
  inputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  outputs: [{ id: 'report', label: 'Report', type: { kind: 'report' } }],
  params: z.strictObject({
    includeBackground: z.boolean().default(false).meta({ description: 'Also report label 0' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 0.5,
  cost: {
    work: ({ inBytes, pass }) => ({ outputs: { report: { elements: 1024, elemBytes: 1, spatial: [1, 1, 1], channels: 1, batch: 1 } }, cpuSeconds: pass(inBytes) }),
  },
  calibration: { inputs: { labels: 'labels' }, provides: { report: 'report' } },
});
