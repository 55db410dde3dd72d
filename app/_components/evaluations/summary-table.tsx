import { METRIC_NAMES, type LabelSummary } from '../../../domain/evaluation/types';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { fmt, fmtCi, METRIC_LABEL } from './metric-format';

/** Per label and metric: mean, median, 95% bootstrap interval of the mean, cases summarised and cases where the metric is undefined. */
export function SummaryTable({ summary }: { summary: LabelSummary[] }) {
  return (
    <Table data-testid="summary-table">
      <THead>
        <TR><TH>Label</TH><TH>Metric</TH><TH className="text-right">Mean</TH><TH className="text-right">Median</TH><TH className="text-right">95% CI of the mean</TH><TH className="text-right">n</TH><TH className="text-right">Undefined</TH></TR>
      </THead>
      <TBody>
        {summary.flatMap((l) =>
          METRIC_NAMES.map((m, i) => {
            const s = l.metrics[m];
            const id = `summary-${l.label}-${m}`;
            return (
              <TR key={id} data-testid={id}>
                <TD className="font-medium">{i ? null : <>{l.name} <span className="font-mono text-[11px] text-slate-400">({l.label})</span></>}</TD>
                <TD>{METRIC_LABEL[m]}</TD>
                <TD className="text-right font-mono text-xs" data-testid={`${id}-mean`}>{fmt(s.mean)}</TD>
                <TD className="text-right font-mono text-xs" data-testid={`${id}-median`}>{fmt(s.median)}</TD>
                <TD className="text-right font-mono text-xs" data-testid={`${id}-ci`}>{fmtCi(s.ci95)}</TD>
                <TD className="text-right font-mono text-xs">{s.n}</TD>
                <TD className="text-right font-mono text-xs" data-testid={`${id}-undefined`}>{l.undefinedCount[m]}</TD>
              </TR>
            );
          }),
        )}
      </TBody>
    </Table>
  );
}
