import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { intTriple } from './params';
import { ALL_TARGETS, defineNode } from './spec';

const TAPS = { nearest: 1, linear: 8, cubic: 64 } as const;

export const preResample = defineNode({
  kind: 'pre.resample',
  version: 1,
  title: 'Resample',
  category: 'preprocess',
  description:
    'Resamples the volume through world space onto a new grid: the same field of view at a new spacing or shape (centred, same axis directions), or the grid of the volume on the `reference` port. Oblique affines are followed exactly. Nearest keeps the data type; linear and cubic (B-spline, as scipy.ndimage) give float32. Points outside the scan get the pad value.',
  inputs: [
    { id: 'volume', label: 'Volume', type: { kind: 'volume' } },
    { id: 'reference', label: 'Reference grid', type: { kind: 'volume' }, optional: true },
  ],
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  params: z.strictObject({
    target: z.enum(['spacing', 'shape', 'reference']).default('spacing').meta({ description: 'What defines the new grid' }),
    spacing: z.tuple([z.number().positive().max(100), z.number().positive().max(100), z.number().positive().max(100)])
      .default([1, 1, 1])
      .meta({ unit: 'mm', description: 'Voxel size [x, y, z] (target spacing)' }),
    shape: intTriple(z.number().int().positive().max(2048)).default([256, 256, 256]).meta({ unit: 'voxels', description: 'Grid size [x, y, z] (target shape)' }),
    interpolation: z.enum(['nearest', 'linear', 'cubic']).default('linear').meta({ description: 'nearest for labels; linear or cubic B-spline for intensities' }),
    padValue: z.number().default(0).meta({ description: 'Value of points outside the scan' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 8,
  cost: {
    work: ({ params, first, input, pass }) => {
      const inDims = first?.spatial ?? input.dims;
      const dims = params.target === 'shape' ? params.shape : inDims;
      const out = volume(dims, params.interpolation === 'nearest' ? (first?.elemBytes ?? input.bytesPerVoxel) : 4);
      return { outputs: { volume: out }, cpuSeconds: pass(bytes(first) + (bytes(out) * TAPS[params.interpolation]) / 8) };
    },
  },
  calibration: { params: { target: 'shape', shape: [40, 40, 40], interpolation: 'linear' }, inputs: { volume: 'scan' } },
  check: ({ params, inputs, nodeId }) =>
    params.target === 'reference' && !inputs.reference
      ? [{ code: 'unconnected-input', severity: 'error', nodeId, portId: 'reference', message: 'target "reference" needs a volume on the reference port' }]
      : [],
  inferOutputs: ({ params, inputs }) => {
    const src = inputs.volume;
    const dtype = params.interpolation === 'nearest' ? (src?.kind === 'volume' ? src.dtype : undefined) : 'float32';
    const ref = inputs.reference;
    const shape = params.target === 'shape' ? params.shape : params.target === 'reference' && ref?.kind === 'volume' ? ref.shape : undefined;
    return { volume: { kind: 'volume', ...(dtype ? { dtype } : {}), ...(shape ? { shape } : {}) } };
  },
});
