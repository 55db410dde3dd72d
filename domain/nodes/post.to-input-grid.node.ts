import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ALL_TARGETS, defineNode } from './spec';

export const postToInputGrid = defineNode({
  kind: 'post.to-input-grid',
  version: 1,
  title: 'Back to the scan\'s grid',
  category: 'postprocess',
  description:
    'Maps a label map (nearest neighbour) and/or class probabilities [1,C,z,y,x] (linear, channel by channel) through world space onto the grid of the volume on the `reference` port, normally the scan as read, so results line up voxel for voxel with what was uploaded. Voxels outside the result get label 0 / probability 0.',
  inputs: [
    { id: 'labels', label: 'Labels', type: { kind: 'label-map' }, optional: true },
    { id: 'scores', label: 'Probabilities', type: { kind: 'tensor', shape: [1, null, null, null, null] }, optional: true },
    { id: 'reference', label: 'Scan grid', type: { kind: 'volume' } },
  ],
  outputs: [
    { id: 'labels', label: 'Labels', type: { kind: 'label-map' } },
    { id: 'scores', label: 'Probabilities', type: { kind: 'tensor', shape: [1, null, null, null, null] } },
  ],
  params: z.strictObject({}),
  targets: ALL_TARGETS,
  costWeight: 1,
  cost: {
    work: ({ ins, input, pass }) => {
      const spatial = ins.reference?.spatial ?? input.dims;
      const labels = volume(spatial, ins.labels?.elemBytes ?? 1);
      const scores = volume(spatial, 4, ins.scores?.channels ?? 1);
      return { outputs: { labels, scores }, cpuSeconds: pass(bytes(ins.labels) + bytes(ins.scores) + (ins.labels ? bytes(labels) : 0) + (ins.scores ? bytes(scores) * 8 : 0)) };
    },
  },
  check: ({ inputs, nodeId }) =>
    inputs.labels || inputs.scores ? [] : [{ code: 'unconnected-input', severity: 'error', nodeId, portId: 'labels', message: 'connect labels, probabilities or both' }],
  inferOutputs: ({ inputs }) => {
    const ref = inputs.reference;
    const shape = ref?.kind === 'volume' ? ref.shape : undefined;
    const channels = inputs.scores?.kind === 'tensor' ? inputs.scores.shape?.[1] ?? null : null;
    return {
      labels: shape ? { kind: 'label-map', shape } : { kind: 'label-map' },
      scores: { kind: 'tensor', shape: [1, channels, shape?.[2] ?? null, shape?.[1] ?? null, shape?.[0] ?? null] },
    };
  },
});
