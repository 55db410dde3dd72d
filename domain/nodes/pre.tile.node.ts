import { z } from 'zod';
import { ALL_TARGETS, defineNode } from './spec';
import { bytes, tilesAlong, type Val } from '../cost/node-cost';

export const preTile = defineNode({
  kind: 'pre.tile',
  version: 1,
  title: 'Split into tiles',
  category: 'preprocess',
  description:
    'Cuts the volume into cubes of `size` voxels with stride size - overlap (padded up to whole tiles) as a tensor [N,1,s,s,s] carrying its tile plan.',
  inputs: [{ id: 'volume', label: 'Volume', type: { kind: 'volume', dtype: 'float32' } }],
  outputs: [{ id: 'tiles', label: 'Tiles', type: { kind: 'tensor', dtype: 'float32', shape: [null, 1, null, null, null] } }],
  params: z
    .strictObject({
      size: z.number().int().positive().default(64).meta({ unit: 'voxels', description: 'Edge length of a cubic tile' }),
      overlap: z.number().int().min(0).default(0).meta({ unit: 'voxels', description: 'Overlap of neighbouring tiles (< size)' }),
      padValue: z.number().default(0).meta({ description: 'Value of voxels added to fill the last tiles' }),
    })
    .refine((p) => p.overlap < p.size, { path: ['overlap'], message: 'overlap must be smaller than the tile size' }),
  targets: ALL_TARGETS,
  costWeight: 1,
  cost: {
    work: ({ params: { size, overlap }, first, input, pass }) => {
      const spatial = first?.spatial ?? input.dims;
      const n = spatial.map((d) => tilesAlong(d, size, overlap)).reduce((x, y) => x * y, 1);
      const out: Val = { elements: n * size ** 3, elemBytes: 4, spatial, channels: 1, batch: n, tile: [size, size, size] };
      return { outputs: { tiles: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    },
  },
  calibration: { params: { size: 16 }, inputs: { volume: 'normalized' }, provides: { tiles: 'tiles' } },
  // N depends on the volume and the tiling formula of the kernel; only the cube is static.
  inferOutputs: ({ params: { size: s } }) => ({
    tiles: { kind: 'tensor', dtype: 'float32', shape: [null, 1, s, s, s] },
  }),
});
