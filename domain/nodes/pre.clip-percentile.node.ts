import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ALL_TARGETS, defineNode } from './spec';

export const preClipPercentile = defineNode({
  kind: 'pre.clip-percentile',
  version: 1,
  title: 'Clip to percentiles',
  category: 'preprocess',
  description:
    'Clamps intensities to [low, high] percentiles of the volume (outliers such as metal or bright vessels stop dominating a later min-max). Keeps the data type.',
  inputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  params: z.strictObject({
    low: z.number().min(0).max(100).default(0.5).meta({ unit: '%', description: 'Values below this percentile are raised to it' }),
    high: z.number().min(0).max(100).default(99.5).meta({ unit: '%', description: 'Values above this percentile are lowered to it' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 2,
  cost: {
    work: ({ first, input, pass }) => {
      const out = first ?? volume(input.dims, input.bytesPerVoxel);
      return { outputs: { volume: out }, cpuSeconds: pass(2 * bytes(out)) };
    },
  },
  calibration: { inputs: { volume: 'scan' } },
  check: ({ params, nodeId }) =>
    params.low >= params.high ? [{ code: 'bad-params', severity: 'error', nodeId, path: ['low'], message: 'Low must be below high' }] : [],
  inferOutputs: ({ inputs }) => ({ volume: inputs.volume?.kind === 'volume' ? inputs.volume : { kind: 'volume' } }),
});
