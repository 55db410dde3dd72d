import { z } from 'zod';
import { fileName } from './params';
import { ALL_TARGETS, defineNode } from './spec';
import { writerCost } from '../cost/node-cost';

export const outputNiftiLabels = defineNode({
  kind: 'output.nifti-labels',
  version: 1,
  title: 'NIfTI label map',
  category: 'output',
  description: 'Writes the label map as gzipped NIfTI-1 with its geometry and records the voxel count of every label value.',
  inputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  outputs: [],
  params: z.strictObject({ fileName: fileName('labels.nii.gz') }),
  targets: ALL_TARGETS,
  // gzip dominates.
  costWeight: 1,
  cost: writerCost,
  calibration: { inputs: { labels: 'labels' } },
});
