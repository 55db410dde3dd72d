import { formatMs } from '../../_lib/format';
import type { RunNode } from '../../_lib/types';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { StatusPill } from './status';

/** One row per pipeline node: status, progress while running, time spent, error message. */
export function NodeProgress({ nodes }: { nodes: RunNode[] }) {
  return (
    <Table>
      <THead>
        <TR><TH>Node</TH><TH>Kind</TH><TH>Status</TH><TH className="text-right">Time</TH></TR>
      </THead>
      <TBody>
        {nodes.map((n) => (
          <TR key={n.nodeId} data-testid={`run-node-${n.nodeId}`} data-status={n.status}>
            <TD className="font-mono text-xs whitespace-nowrap">{n.nodeId}</TD>
            <TD className="font-mono text-xs whitespace-nowrap text-slate-500">{n.kind}</TD>
            <TD>
              <div className="flex items-center gap-2">
                <StatusPill status={n.status} />
                {n.status === 'running' && typeof n.progress === 'number' ? (
                  <div className="h-1.5 w-20 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={Math.round(n.progress * 100)}>
                    <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${n.progress * 100}%` }} />
                  </div>
                ) : null}
              </div>
              {n.error ? <p className="mt-1 text-xs text-red-700">{n.error.code}: {n.error.message}</p> : null}
            </TD>
            <TD className="text-right font-mono text-xs">{formatMs(n.ms)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
