import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { intTriple } from './params';
import { bytes, volume } from '../cost/node-cost';

export const preCropPad = defineNode({
  kind: 'pre.crop-pad',
  version: 1,
  title: 'Crop / pad',
  category: 'preprocess',
  description:
    'Cuts the box [offset, offset+size) out of the volume (or centred on it); voxels outside the input get the pad value. The output shape is always `size`.',
  inputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  outputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume' } }],
  params: z.strictObject({
    size: intTriple(z.number().int().positive())
      .default([256, 256, 256])
      .meta({ unit: 'voxels', description: 'Output size [x, y, z]' }),
    offset: intTriple(z.number().int())
      .default([0, 0, 0])
      .meta({ unit: 'voxels', description: 'First input voxel of the box [x, y, z] (may be negative)' }),
    center: z.boolean().default(false).meta({ description: 'Centre the box on the input (ignores offset)' }),
    padValue: z.number().default(0).meta({ description: 'Value of voxels outside the input' }),
  }),
  targets: ALL_TARGETS,
  costWeight: 0.5,
  cost: {
    work: ({ params, first, pass }) => {
      const out = volume(params.size, first?.elemBytes ?? 4);
      return { outputs: { volume: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    },
  },
  calibration: { params: { size: [32, 32, 32], offset: [8, 8, 8] }, inputs: { volume: 'normalized' } },
  // Static output shape (that is the point of this node: it fixes shapes for fixed-size models).
  inferOutputs: ({ params, inputs }) => {
    const src = inputs.volume;
    const dtype = src?.kind === 'volume' ? src.dtype : undefined;
    return { volume: dtype ? { kind: 'volume', dtype, shape: params.size } : { kind: 'volume', shape: params.size } };
  },
});
