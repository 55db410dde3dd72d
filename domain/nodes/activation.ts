import { z } from 'zod';
import { bytes, volume } from '../cost/node-cost';
import { ALL_TARGETS, defineNode } from './spec';

/** An elementwise or per-voxel activation on class scores [1,C,z,y,x] (post.softmax, post.sigmoid). */
export const activationSpec = (kind: string, title: string, description: string) =>
  defineNode({
    kind,
    version: 1,
    title,
    category: 'postprocess',
    description,
    inputs: [{ id: 'tensor', label: 'Scores', type: { kind: 'tensor', shape: [1, null, null, null, null] } }],
    outputs: [{ id: 'tensor', label: 'Probabilities', type: { kind: 'tensor', shape: [1, null, null, null, null] } }],
    params: z.strictObject({}),
    targets: ALL_TARGETS,
    costWeight: 4,
    cost: {
      work: ({ first, input, pass }) => {
        const out = first ?? volume(input.dims, 4);
        return { outputs: { tensor: out }, cpuSeconds: pass(2 * bytes(out)) };
      },
    },
    inferOutputs: ({ inputs }) => ({ tensor: inputs.tensor?.kind === 'tensor' ? inputs.tensor : { kind: 'tensor', shape: [1, null, null, null, null] } }),
  });
