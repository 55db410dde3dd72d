import type { z } from 'zod';
import type { postLabelVolumes } from '../../../domain/nodes/post.label-volumes.node';
import { defineKernel } from '../../core/kernel';
import type { ReportValue } from '../../core/values';
import { labelVolumes } from '../ops/labels';
import { inputOf } from './inputs';

export const kernel = defineKernel<z.output<typeof postLabelVolumes.params>>({
  kind: 'post.label-volumes',
  version: 1,
  async run({ params, inputs }) {
    const src = inputOf(inputs, 'labels', 'label-map');
    const report = labelVolumes(src.data, src.geometry, src.labels, params.includeBackground);
    const out: ReportValue = { type: 'report', data: { ...report } };
    return { report: out };
  },
});
