import { postMorphology } from '../../../domain/nodes/post.morphology.node';
import { defineKernel } from '../../core/kernel';
import type { LabelMapValue } from '../../core/values';
import { ball, morphology } from '../ops/morphology';
import { inputOf } from './inputs';

export const kernel = defineKernel(postMorphology, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'labels', 'label-map');
  const data = morphology(src.data, src.geometry.dims, params.operation, ball(params.radiusMm, src.geometry.spacing));
  const out: LabelMapValue = { ...src, data };
  return { labels: out };
});
