import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { bytes, volume } from '../cost/node-cost';

export const preNormalize = defineNode({
  kind: 'pre.normalize',
  version: 1,
  title: 'Normalize intensities',
  category: 'preprocess',
  description:
    'Rescales intensities to float32: min-max to [0,1], z-score, or a window/level clamp scaled to [0,1].',
  inputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume', dtype: 'float32' } }],
  params: z.strictObject({
    method: z
      .enum(['min-max', 'z-score', 'window-level'])
      .default('min-max')
      .meta({ description: 'min-max: [0,1] (constant volume -> 0); z-score: (v-mean)/std; window-level: clamp then [0,1]' }),
    windowCenter: z.number().default(40).meta({ unit: 'HU', description: 'Window centre (window-level only)' }),
    windowWidth: z.number().positive().default(400).meta({ unit: 'HU', description: 'Window width (window-level only)' }),
    nonzeroOnly: z.boolean().default(false).meta({ description: 'Compute statistics over non-zero voxels only' }),
  }),
  targets: ALL_TARGETS,
  // Two passes over the volume: statistics, then rescale.
  costWeight: 2,
  cost: {
    work: ({ first, input, pass }) => {
      const out = first ? { ...first, elemBytes: 4 } : volume(input.dims, 4);
      return { outputs: { volume: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    },
  },
  calibration: { params: { method: 'min-max' }, inputs: { volume: 'scan' }, provides: { volume: 'normalized' } },
  inferOutputs: ({ inputs }) => {
    const src = inputs.volume;
    const shape = src?.kind === 'volume' ? src.shape : undefined;
    return { volume: shape ? { kind: 'volume', dtype: 'float32', shape } : { kind: 'volume', dtype: 'float32' } };
  },
});
