import { postLabelVolumes } from '../../../domain/nodes/post.label-volumes.node';
import { defineKernel } from '../../core/kernel';
import type { ReportValue } from '../../core/values';
import { labelVolumes } from '../ops/labels';
import { inputOf } from './inputs';

export const kernel = defineKernel(postLabelVolumes, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'labels', 'label-map');
  const report = labelVolumes(src.data, src.geometry, src.labels, params.includeBackground);
  const out: ReportValue = { type: 'report', data: { ...report } };
  return { report: out };
});
