import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { bytes, GB, volume } from '../cost/node-cost';

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
  reads: { formats: ['nifti'], description: 'one NIfTI-1 file (.nii or .nii.gz)' },
  cost: {
    // gunzip at the measured rate, then one pass over the file and the volume.
    work: ({ input, calibration: c, pass }) => {
      const out = volume(input.dims, input.bytesPerVoxel);
      const inflate = input.gzip ? (bytes(out) / GB) * c.inflateCpuSecondsPerGB : 0;
      return { outputs: { volume: out }, cpuSeconds: inflate + pass(bytes(out) + input.fileBytes), bytesMoved: input.fileBytes + bytes(out) };
    },
  },
  calibration: { provides: { volume: 'scan' } },
});
