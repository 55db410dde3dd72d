import { METRIC_NAMES, type MetricName, type Summary } from '../../../domain/evaluation/types';
import { HIGHER_IS_BETTER } from '../../../domain/evaluation/metrics';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { fmtCi, fmtSigned, METRIC_LABEL } from './metric-format';

/** Whether the interval excludes 0, and on which side (better/worse by the metric's direction; volume difference: no side). */
function verdict(metric: MetricName, s: Summary): 'better' | 'worse' | null {
  if (!s.ci95 || metric === 'volumeDiffMl') return null;
  const [lo, hi] = s.ci95;
  if (lo > 0) return HIGHER_IS_BETTER[metric] ? 'better' : 'worse';
  if (hi < 0) return HIGHER_IS_BETTER[metric] ? 'worse' : 'better';
  return null;
}

/** Per label and metric: the paired difference b - a (mean over cases both scored) and its 95% bootstrap interval. */
export function DifferencesTable({ labels }: { labels: { label: number; name: string; difference: Record<MetricName, Summary> }[] }) {
  return (
    <Table data-testid="differences-table">
      <THead><TR><TH>Label</TH><TH>Metric</TH><TH className="text-right">Mean b − a</TH><TH className="text-right">95% CI</TH><TH className="text-right">Pairs</TH><TH /></TR></THead>
      <TBody>
        {labels.flatMap((l) => METRIC_NAMES.map((m, i) => {
          const d = l.difference[m];
          const v = verdict(m, d);
          return (
            <TR key={`${l.label}-${m}`} data-testid={`diff-${l.label}-${m}`}>
              <TD className="font-medium">{i ? null : l.name}</TD>
              <TD>{METRIC_LABEL[m]}</TD>
              <TD className="text-right font-mono text-xs" data-testid={`diff-${l.label}-${m}-mean`}>{fmtSigned(d.mean)}</TD>
              <TD className="text-right font-mono text-xs">{fmtCi(d.ci95)}</TD>
              <TD className="text-right font-mono text-xs">{d.n}</TD>
              <TD className={`text-xs ${v === 'better' ? 'text-emerald-700' : v === 'worse' ? 'text-red-700' : 'text-slate-400'}`}>{v ? `b ${v}` : d.ci95 ? 'interval spans 0' : 'no interval (fewer than 2 pairs)'}</TD>
            </TR>
          );
        }))}
      </TBody>
    </Table>
  );
}
