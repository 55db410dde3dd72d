import { csvRecord } from '../../domain/evaluation/csv';
import { METRIC_NAMES } from '../../domain/evaluation/types';
import { recordAudit } from '../audit/service';
import type { ServiceDeps } from '../context';
import type { EvaluationReportDto } from './dto';
import { evaluationReport } from './service';

export const CSV_HEADER = ['evaluation_id', 'case_key', 'case_status', 'run_id', 'label', 'label_name', 'metric', 'value'] as const;

/** One row per case x label x metric (worst case first); cases without metrics get one row with empty label and value. */
export function reportCsv(report: EvaluationReportDto): string {
  const names = new Map(report.labels.map((l) => [l.label, l.name]));
  let out = csvRecord(CSV_HEADER);
  for (const c of report.cases) {
    if (!c.metrics.length) out += csvRecord([report.evaluation.id, c.caseKey, c.status, c.runId, null, null, null, null]);
    for (const m of c.metrics) for (const metric of METRIC_NAMES) out += csvRecord([report.evaluation.id, c.caseKey, c.status, c.runId, m.label, names.get(m.label) ?? '', metric, m[metric]]);
  }
  return out;
}

/** The report as JSON or CSV, audited 'output.downloaded' like other exports. */
export async function exportReport(deps: Pick<ServiceDeps, 'db' | 'audit' | 'principal'>, id: string, format: 'json' | 'csv'): Promise<Response> {
  const report = await evaluationReport(deps, id);
  await recordAudit(deps, { action: 'output.downloaded', objectType: 'evaluation', objectId: id, details: { format: `report.${format}` } });
  const disposition = `attachment; filename="evaluation-${id}.${format}"`;
  if (format === 'json') return new Response(JSON.stringify(report, null, 2) + '\n', { headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': disposition } });
  return new Response(reportCsv(report), { headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': disposition } });
}
