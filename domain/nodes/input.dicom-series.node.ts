import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { bytes, volume } from '../cost/node-cost';

export const inputDicomSeries = defineNode({
  kind: 'input.dicom-series',
  version: 1,
  title: 'DICOM series',
  category: 'input',
  description: 'The scan of the run, assembled from the DICOM files of one series into a volume (sorted by position).',
  inputs: [],
  outputs: [
    { id: 'volume', label: 'Volume', type: { kind: 'volume' } },
    { id: 'series', label: 'Series', type: { kind: 'dicom-series' } },
  ],
  params: z.strictObject({}),
  targets: ALL_TARGETS,
  // Decoding (possibly compressed) slices costs more than reading one NIfTI file.
  costWeight: 2,
  reads: { formats: ['dicom'], description: 'a folder holding the DICOM files of one series' },
  cost: {
    work: ({ input, pass }) => {
      const out = volume(input.dims, 4);
      return { outputs: { volume: out }, cpuSeconds: pass(input.fileBytes + bytes(out)) };
    },
  },
});
