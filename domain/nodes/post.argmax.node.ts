import { z } from 'zod';
import type { Issue } from '../validation/issue';
import { rgb } from './params';
import { ALL_TARGETS, defineNode } from './spec';
import { spatialShapeOf } from './shapes';
import { bytes, volume, type CostContext, type NodeWork } from '../cost/node-cost';

export const labelDefs = z
  .array(
    z.strictObject({
      value: z.number().int().min(0).max(65535),
      name: z.string().min(1).max(120),
      color: rgb.optional(),
    }),
  )
  .default([])
  .meta({ description: 'Names (and overlay colours) of label values; unnamed values show as "label N"' });

export const postArgmax = defineNode({
  kind: 'post.argmax',
  version: 1,
  title: 'Argmax to labels',
  category: 'postprocess',
  description:
    'Turns class scores [1,C,z,y,x] into a label map: each voxel gets the index of its highest channel (ties: lowest index). uint8, or uint16 above 256 classes.',
  inputs: [{ id: 'tensor', label: 'Scores', type: { kind: 'tensor', shape: [1, null, null, null, null] } }],
  outputs: [{ id: 'labels', label: 'Labels', type: { kind: 'label-map' } }],
  params: z.strictObject({ labels: labelDefs }),
  targets: ALL_TARGETS,
  // One read per channel per voxel; typical C is 2-5.
  costWeight: 3,
  cost: { work: (ctx) => labelsCost(ctx) },
  calibration: { inputs: { tensor: 'scores' }, provides: { labels: 'labels' } },
  inferOutputs: ({ inputs }) => ({ labels: { kind: 'label-map', shape: spatialShapeOf(inputs.tensor) } }),
  check: ({ params, nodeId }) => duplicateLabelValues(params.labels, nodeId),
});

/** Two names for one label value would make reports ambiguous. */
export function duplicateLabelValues(labels: { value: number }[], nodeId: string): Issue[] {
  const seen = new Set<number>();
  const issues: Issue[] = [];
  for (const l of labels) {
    if (seen.has(l.value)) {
      issues.push({ code: 'bad-params', severity: 'error', nodeId, message: `label value ${l.value} is named twice` });
    }
    seen.add(l.value);
  }
  return issues;
}

/** A uint8 label map of the input's spatial size after one pass over inputs and output (shared with `post.threshold`). */
export function labelsCost({ first, input, inBytes, pass }: CostContext<unknown>): NodeWork {
  const out = volume(first?.spatial ?? input.dims, 1);
  return { outputs: { labels: out }, cpuSeconds: pass(inBytes + bytes(out)) };
}
