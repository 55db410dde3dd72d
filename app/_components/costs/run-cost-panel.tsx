'use client';
import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { money, ratio, seconds } from './money';

/**
 * Estimate vs actual per node of one run (actual = measured CPU, wall x peak RSS, stored outputs).
 * Polls while the run is `live`; when it stops being live (the run reached an end state, which
 * commits with its settlement) it fetches once more, so the actual shows without a reload.
 */
export function RunCostPanel({ runId, live }: { runId: string; live?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({ ...trpc.costs.run.queryOptions({ id: runId }), refetchInterval: live ? 2000 : false });
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) void qc.invalidateQueries({ queryKey: trpc.costs.run.queryKey({ id: runId }) });
    wasLive.current = live;
  }, [live, qc, trpc, runId]);
  if (!q.data) return null;
  const c = q.data;
  return (
    <Card data-testid="run-cost">
      <CardHeader>
        <div>
          <CardTitle>
            Cost: estimate {money(c.estimateNano, c.currency)} · actual <span data-testid="run-cost-actual">{money(c.actualNano, c.currency)}</span> · actual/estimate {ratio(c.ratio)}
          </CardTitle>
          <CardDescription>
            {c.executor === 'browser' ? 'Ran in the browser: no server compute is charged.' : `Priced with rate card v${c.rateCard?.version ?? '?'}; each node is charged once, when it succeeds.`}
          </CardDescription>
        </div>
      </CardHeader>
      <CardBody>
        <Table>
          <THead><TR><TH>Node</TH><TH className="text-right">CPU est.</TH><TH className="text-right">CPU</TH><TH className="text-right">Wall</TH><TH className="text-right">Peak RSS</TH><TH className="text-right">Estimate</TH><TH className="text-right">Actual</TH></TR></THead>
          <TBody>
            {c.nodes.map((n) => (
              <TR key={n.nodeId}>
                <TD className="font-mono text-xs">{n.nodeId}</TD>
                <TD className="text-right tabular-nums">{seconds(n.estimateCpuSeconds)}</TD>
                <TD className="text-right tabular-nums">{seconds(n.cpuSeconds)}</TD>
                <TD className="text-right tabular-nums">{seconds(n.wallSeconds)}</TD>
                <TD className="text-right tabular-nums">{n.peakRssBytes ? `${(n.peakRssBytes / 1e6).toFixed(0)} MB` : '—'}</TD>
                <TD className="text-right tabular-nums">{money(n.estimateNano, c.currency)}</TD>
                <TD className="text-right tabular-nums">{money(n.actualNano, c.currency)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}
