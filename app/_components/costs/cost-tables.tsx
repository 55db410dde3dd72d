'use client';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { money, ratio } from './money';

type Row = { runs: number; browserRuns: number; actualNano: number; estimateNano: number };

/** One grouping of the cost summary (by pipeline, version, user or day). */
export function CostTable<R extends Row>({ title, rows, label, cell, testId }: { title: string; rows: R[]; label: (r: R) => string; cell?: (r: R) => React.ReactNode; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">{title}</h3>
      <Table>
        <THead><TR><TH>{title.replace(/^By /, '')}</TH><TH className="text-right">Runs</TH><TH className="text-right">In browser</TH><TH className="text-right">Estimated</TH><TH className="text-right">Actual</TH><TH className="text-right">Actual/est.</TH></TR></THead>
        <TBody>
          {rows.length === 0 ? (
            <TR><TD colSpan={6} className="text-center text-xs text-slate-400">No runs in this period</TD></TR>
          ) : (
            rows.map((r) => (
              <TR key={label(r)}>
                <TD>{cell ? cell(r) : label(r)}</TD>
                <TD className="text-right tabular-nums">{r.runs}</TD>
                <TD className="text-right tabular-nums">{r.browserRuns}</TD>
                <TD className="text-right tabular-nums">{money(r.estimateNano)}</TD>
                <TD className="text-right tabular-nums">{money(r.actualNano)}</TD>
                <TD className="text-right tabular-nums">{ratio(r.estimateNano ? r.actualNano / r.estimateNano : null)}</TD>
              </TR>
            ))
          )}
        </TBody>
      </Table>
    </div>
  );
}
