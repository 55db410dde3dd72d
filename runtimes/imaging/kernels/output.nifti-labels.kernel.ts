import { outputNiftiLabels } from '../../../domain/nodes/output.nifti-labels.node';
import { defineKernel } from '../../core/kernel';
import type { LabelMapValue } from '../../core/values';
import { writeNiftiAsync } from '../nifti/write';
import { inputOf } from './inputs';

/** Voxel count of every label value present (0 included), keyed by the value as a string. */
export function countLabels(data: LabelMapValue['data']): Record<string, number> {
  const counts = new Float64Array(data instanceof Uint16Array ? 65536 : 256);
  for (let i = 0; i < data.length; i++) counts[data[i]]++;
  const out: Record<string, number> = {};
  counts.forEach((n, value) => {
    if (n > 0) out[String(value)] = n;
  });
  return out;
}

/** Writes the label map as gzipped NIfTI-1 (deterministic bytes) with its label counts. */
export const kernel = defineKernel(outputNiftiLabels, async ({ params, inputs, ctx }) => {
  const labels = inputOf(inputs, 'labels', 'label-map');
  const bytes = await writeNiftiAsync(labels, { gzip: true }); // deflated off the event loop on the server
  await ctx.writeArtifact({ name: params.fileName, mediaType: 'application/gzip', bytes, labelCounts: countLabels(labels.data) });
  return {};
});
