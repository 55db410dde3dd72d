import { z } from 'zod';
import { fileName } from './params';
import { ALL_TARGETS, defineNode } from './spec';

export const outputReportJson = defineNode({
  kind: 'output.report-json',
  version: 1,
  title: 'JSON report',
  category: 'output',
  description: 'Writes the report as a JSON file (deterministic: no timestamps or run ids inside).',
  inputs: [{ id: 'report', label: 'Report', type: { kind: 'report' } }],
  outputs: [],
  params: z.strictObject({ fileName: fileName('report.json') }),
  targets: ALL_TARGETS,
  costWeight: 0.01,
  cost: { work: ({ inBytes, pass }) => ({ outputs: {}, cpuSeconds: pass(inBytes), storedBytes: inBytes }) },
  calibration: { inputs: { report: 'report' } },
});
