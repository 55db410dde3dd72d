import Link from 'next/link';
import { Eye } from 'lucide-react';
import { StatusPill } from '../runs/status';
import { Button } from '../ui/button';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { fmt } from './metric-format';
import type { CaseRow } from './use-report';

/** Cases worst-first (the report's order): contour thumbnail, mean Dice, Dice and HD95 per label, and a link to the viewer with both overlays. */
export function CasesTable({ evaluationId, cases, labels }: { evaluationId: string; cases: CaseRow[]; labels: { label: number; name: string }[] }) {
  return (
    <Table data-testid="cases-table">
      <THead>
        <TR>
          <TH>Slice</TH><TH>Case</TH><TH>Status</TH><TH className="text-right">Mean Dice</TH>
          {labels.map((l) => <TH key={l.label} className="text-right">{l.name}: Dice / HD95 mm</TH>)}
          <TH />
        </TR>
      </THead>
      <TBody>
        {cases.map((c) => {
          const key = encodeURIComponent(c.caseKey);
          return (
            <TR key={c.caseKey} data-testid={`case-${c.caseKey}`}>
              <TD className="w-44">
                <img src={`/api/evaluations/${evaluationId}/cases/${key}/thumbnail.png`} alt={`${c.caseKey}: reference (green) and prediction (magenta) contours`} className="h-40 w-40 rounded bg-black object-contain" loading="lazy" data-testid="case-thumbnail" />
              </TD>
              <TD className="font-mono text-xs">{c.caseKey}</TD>
              <TD>
                <StatusPill status={c.status} />
                {c.error ? <p className="mt-1 max-w-56 text-[11px] text-red-700">{c.error.code}: {c.error.message}</p> : null}
              </TD>
              <TD className="text-right font-mono text-xs" data-testid="case-mean-dice">{fmt(c.meanDice)}</TD>
              {labels.map((l) => {
                const m = c.metrics.find((x) => x.label === l.label);
                return <TD key={l.label} className="text-right font-mono text-xs">{fmt(m?.dice)} / {fmt(m?.hd95Mm)}</TD>;
              })}
              <TD className="text-right">
                {c.runId && c.status === 'succeeded' ? (
                  <Button asChild size="sm" variant="ghost">
                    <Link href={`/runs/${c.runId}?reference=${encodeURIComponent(`${evaluationId}:${c.caseKey}`)}`} data-testid="case-open-viewer"><Eye className="h-3.5 w-3.5" /> Viewer</Link>
                  </Button>
                ) : null}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
