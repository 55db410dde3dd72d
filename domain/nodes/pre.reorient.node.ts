import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ORIENTATION_CODES } from './orientation';
import { ALL_TARGETS, defineNode } from './spec';

export const preReorient = defineNode({
  kind: 'pre.reorient',
  version: 1,
  title: 'Reorient',
  category: 'preprocess',
  description:
    'Permutes and flips the voxel axes so the volume is stored in the given orientation (RAS, LPS, FreeSurfer\'s LIA, ...). Exact: no interpolation, the world position of every voxel is kept (an oblique scan takes its nearest axis-aligned code and stays oblique).',
  inputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  params: z.strictObject({
    orientation: z
      .enum(ORIENTATION_CODES as [string, ...string[]])
      .default('LIA')
      .meta({ description: 'Target orientation: the direction each voxel axis (x, y, z) points towards' }),
  }),
  targets: ALL_TARGETS,
  setsOrientation: (p) => p.orientation,
  costWeight: 1,
  cost: {
    work: ({ first, input, pass }) => {
      const out = first ?? volume(input.dims, input.bytesPerVoxel);
      return { outputs: { volume: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    },
  },
  calibration: { params: { orientation: 'LIA' }, inputs: { volume: 'scan' } },
  // The shape is a permutation of the input's: known when the input is a cube or unknown.
  inferOutputs: ({ inputs }) => {
    const src = inputs.volume;
    if (src?.kind !== 'volume') return { volume: { kind: 'volume' } };
    const cube = src.shape && src.shape.every((d) => d !== null && d === src.shape![0]);
    return { volume: { kind: 'volume', ...(src.dtype ? { dtype: src.dtype } : {}), ...(cube ? { shape: src.shape } : {}) } };
  },
});
