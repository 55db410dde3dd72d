'use client';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge, type BadgeTone } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '../../_components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '../../_components/ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../../_components/ui/table';
import { toast } from '../../_components/ui/toast';

const TONE: Record<string, BadgeTone> = { pending: 'warning', running: 'info', refused: 'danger', succeeded: 'success', failed: 'danger', cancelled: 'neutral', queued: 'warning', sending: 'info', sent: 'success', dead: 'danger' };
const LIVE = new Set(['pending', 'running', 'queued', 'sending', 'failed']);

/** Matched series with the rule version applied, the run, or the reason it was refused. */
export function MatchesCard() {
  const trpc = useTRPC();
  const matches = useQuery({ ...trpc.routing.matches.queryOptions({ limit: 200 }), refetchInterval: (q) => (q.state.data?.some((m) => LIVE.has(m.state)) ? 3_000 : 15_000) });
  return (
    <Card data-testid="routing-matches">
      <CardHeader><div><CardTitle>Matched series</CardTitle><CardDescription>Each series runs once per rule; a preflight mismatch is recorded here, not run.</CardDescription></div></CardHeader>
      {matches.isPending ? <LoadingState label="Loading matches…" /> : matches.isError ? <div className="p-4"><ErrorState title="Could not load matches" {...describeError(matches.error)} /></div> : matches.data.length === 0 ? (
        <div className="p-4"><EmptyState title="No series matched yet" description="Series arrive by C-STORE or STOW-RS." /></div>
      ) : (
        <Table>
          <THead><TR><TH>When</TH><TH>Rule</TH><TH>Series</TH><TH>State</TH><TH>Run</TH></TR></THead>
          <TBody>
            {matches.data.map((m) => (
              <TR key={m.id} data-testid={`match-row-${m.id}`}>
                <TD className="text-xs text-slate-500">{formatDate(m.createdAt)}</TD>
                <TD className="text-xs">{m.ruleName} <span className="text-slate-500">v{m.ruleVersion}</span></TD>
                <TD className="max-w-60 truncate font-mono text-xs" title={m.seriesUid}>{m.seriesUid}</TD>
                <TD><Badge tone={TONE[m.state]}>{m.state}</Badge>{m.reason ? <div className="mt-1 max-w-96 text-xs text-red-700">{m.reason}</div> : null}</TD>
                <TD className="font-mono text-xs">{m.runId ? <Link className="text-brand-700 underline" href={`/runs/${m.runId}`}>{m.runId}</Link> : '—'}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

/** Deliveries per destination queue; `dead` ones (the dead-letter list) can be retried. */
export function DeliveriesCard({ dead }: { dead?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canRetry = useCan('routing.manage');
  const input = dead ? { state: 'dead' as const, limit: 200 } : { limit: 200 };
  const list = useQuery({ ...trpc.routing.deliveries.queryOptions(input), refetchInterval: (q) => (q.state.data?.some((d) => LIVE.has(d.state)) ? 3_000 : 15_000) });
  const retry = useMutation(
    trpc.routing.retryDelivery.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.routing.deliveries.queryKey() }),
      onError: (e) => toast({ tone: 'error', title: 'Could not retry', description: describeError(e).message }),
    }),
  );
  return (
    <Card data-testid={dead ? 'routing-dead-letters' : 'routing-deliveries'}>
      <CardHeader><div><CardTitle>{dead ? 'Dead-letter list' : 'Deliveries'}</CardTitle><CardDescription>{dead ? 'Deliveries that failed every attempt. Retry puts one back in its queue with fresh attempts.' : 'One queue per destination; at most 5 attempts with exponential backoff and jitter. A failing destination never holds another.'}</CardDescription></div></CardHeader>
      {list.isPending ? <LoadingState label="Loading deliveries…" /> : list.isError ? <div className="p-4"><ErrorState title="Could not load deliveries" {...describeError(list.error)} /></div> : list.data.length === 0 ? (
        <div className="p-4"><EmptyState title={dead ? 'Nothing in the dead-letter list' : 'No deliveries yet'} description={dead ? 'Good.' : 'They appear when a routed run succeeds.'} /></div>
      ) : (
        <Table>
          <THead><TR><TH>Created</TH><TH>Destination</TH><TH>Output</TH><TH>Run</TH><TH>State</TH><TH>Attempts</TH><TH>Last error</TH>{dead && canRetry ? <TH className="w-20" /> : null}</TR></THead>
          <TBody>
            {list.data.map((d) => (
              <TR key={d.id} data-testid={`delivery-row-${d.id}`}>
                <TD className="text-xs text-slate-500">{formatDate(d.createdAt)}</TD>
                <TD className="max-w-60 truncate font-mono text-xs" title={d.destination}>{d.destination}</TD>
                <TD className="text-xs">{d.artifact.name}</TD>
                <TD className="font-mono text-xs"><Link className="text-brand-700 underline" href={`/runs/${d.runId}`}>{d.runId}</Link></TD>
                <TD><Badge tone={TONE[d.state]}>{d.state}</Badge>{d.nextAttemptAt ? <div className="text-[11px] text-slate-500">next {formatDate(d.nextAttemptAt)}</div> : null}</TD>
                <TD className="text-xs">{d.attempts}</TD>
                <TD className="max-w-80 text-xs text-red-700">{d.lastError ?? ''}</TD>
                {dead && canRetry ? <TD><Button size="sm" disabled={retry.isPending} onClick={() => retry.mutate({ id: d.id })} data-testid={`retry-${d.id}`}>Retry</Button></TD> : null}
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
