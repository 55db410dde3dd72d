import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ORIENTATION_CODES } from './orientation';
import { ALL_TARGETS, defineNode } from './spec';

export const preConform = defineNode({
  kind: 'pre.conform',
  version: 1,
  title: 'Conform (FreeSurfer)',
  category: 'preprocess',
  description:
    'What FreeSurfer\'s `mri_convert --conform` and brainchop do before their models: resample (linear, through world space) onto a size^3 grid of 1 mm voxels in LIA orientation centred on the scan, and scale intensities to 0-255 uint8 between two percentiles of the scan. Pair it with post.to-input-grid to put the result back on the scan\'s own grid.',
  inputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume', dtype: 'uint8' } }],
  params: z.strictObject({
    size: z.number().int().min(8).max(512).default(256).meta({ unit: 'voxels', description: 'Voxels per axis' }),
    spacing: z.number().positive().max(10).default(1).meta({ unit: 'mm', description: 'Voxel size' }),
    orientation: z.enum(ORIENTATION_CODES as [string, ...string[]]).default('LIA').meta({ description: 'Orientation of the conformed grid' }),
    lowPercentile: z.number().min(0).max(100).default(0).meta({ unit: '%', description: 'Scan intensity mapped to 0' }),
    highPercentile: z.number().min(0).max(100).default(99.9).meta({ unit: '%', description: 'Scan intensity mapped to 255' }),
  }),
  targets: ALL_TARGETS,
  setsOrientation: (p) => p.orientation,
  costWeight: 8,
  cost: {
    work: ({ params, first, pass }) => {
      const out = volume([params.size, params.size, params.size], 1);
      return { outputs: { volume: out }, cpuSeconds: pass(2 * bytes(first) + bytes(out) * 8) };
    },
  },
  calibration: { params: { size: 40 }, inputs: { volume: 'scan' } },
  check: ({ params, nodeId }) =>
    params.lowPercentile >= params.highPercentile
      ? [{ code: 'bad-params', severity: 'error', nodeId, path: ['lowPercentile'], message: 'Low percentile must be below high percentile' }]
      : [],
  inferOutputs: ({ params }) => ({ volume: { kind: 'volume', dtype: 'uint8', shape: [params.size, params.size, params.size] } }),
});
