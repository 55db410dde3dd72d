'use client';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { money, seconds } from './money';

/** The estimate of a version on a scan, per node and in total (shown before "Run"). */
export function EstimatePanel({ versionId, scanId }: { versionId?: string; scanId?: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.costs.estimate.queryOptions({ versionId, scanId: scanId ?? '' }), enabled: !!versionId && !!scanId, retry: false });
  if (!versionId || !scanId) return null;
  return (
    <Card data-testid="run-estimate">
      <CardHeader>
        <div>
          <CardTitle>Estimated cost {q.data ? <span data-testid="run-estimate-total">{money(q.data.total.price.totalNano, q.data.currency)}</span> : null}</CardTitle>
          <CardDescription>From the model graph (FLOPs), the bytes each node moves and this machine's calibration; reserved against your budget when the run starts.</CardDescription>
        </div>
      </CardHeader>
      <CardBody>
        {q.isPending ? (
          <LoadingState label="Estimating (the first estimate calibrates this machine, a few seconds)…" />
        ) : q.isError ? (
          <p className="text-sm text-red-600">No estimate: {describeError(q.error).message}</p>
        ) : (
          <Table>
            <THead><TR><TH>Node</TH><TH>Kind</TH><TH className="text-right">GFLOP</TH><TH className="text-right">CPU</TH><TH className="text-right">Wall</TH><TH className="text-right">Cost</TH></TR></THead>
            <TBody>
              {q.data.nodes.map((n) => (
                <TR key={n.nodeId} title={n.notes.join('\n')}>
                  <TD className="font-mono text-xs">{n.nodeId}</TD>
                  <TD className="text-xs">{n.kind}</TD>
                  <TD className="text-right tabular-nums">{n.flops ? (n.flops / 1e9).toFixed(2) : '—'}</TD>
                  <TD className="text-right tabular-nums">{seconds(n.usage.cpuSeconds)}</TD>
                  <TD className="text-right tabular-nums">{seconds(n.wallSeconds)}</TD>
                  <TD className="text-right tabular-nums">{money(n.price.totalNano, q.data.currency)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
