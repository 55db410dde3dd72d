import { outputReportJson } from '../../../domain/nodes/output.report-json.node';
import { canonicalJsonPretty } from '../../../domain/versioning/canonical';
import { defineKernel } from '../../core/kernel';
import { inputOf } from './inputs';

export const kernel = defineKernel(outputReportJson, async ({ params, inputs, ctx }) => {
  const report = inputOf(inputs, 'report', 'report');
  const bytes = new TextEncoder().encode(canonicalJsonPretty(report.data));
  await ctx.writeArtifact({ name: params.fileName, mediaType: 'application/json', bytes });
  return {};
});
