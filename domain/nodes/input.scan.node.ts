import { z } from 'zod';
import { inputNifti } from './input.nifti.node';
import { ALL_TARGETS, defineNode } from './spec';

export const inputScan = defineNode({
  kind: 'input.scan',
  version: 1,
  title: 'Scan (NIfTI or DICOM)',
  category: 'input',
  description:
    'The scan of the run, whichever way it is stored: one NIfTI-1 file, or the DICOM files of one series assembled into a volume. `series` carries the DICOM source for SEG and Secondary Capture outputs; for a NIfTI scan it is empty and those outputs write nothing.',
  inputs: [],
  outputs: [
    { id: 'volume', label: 'Volume', type: { kind: 'volume' } },
    { id: 'series', label: 'Series (DICOM scans)', type: { kind: 'dicom-series' } },
  ],
  params: z.strictObject({}),
  targets: ALL_TARGETS,
  costWeight: 2,
  reads: { formats: ['nifti', 'dicom'], description: 'one NIfTI-1 file (.nii or .nii.gz) or the DICOM files of one series' },
  // input.nifti's model: gunzip when the file is gzip, then one pass over file and volume.
  cost: inputNifti.cost,
});
