import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';

export const inputNifti = defineNode({
  kind: 'input.nifti',
  version: 1,
  title: 'NIfTI volume',
  category: 'input',
  description: 'The scan of the run, read from a NIfTI-1 file (.nii or .nii.gz) with its geometry.',
  inputs: [],
  // Shape and dtype come from the file, so they are unknown until run time.
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  params: z.strictObject({}),
  targets: ALL_TARGETS,
  costWeight: 1,
});
