'use client';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../../_components/ui/badge';
import { Card, CardDescription, CardHeader, CardTitle } from '../../_components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '../../_components/ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../../_components/ui/table';

const TONE = { delivered: 'success', pending: 'warning', failed: 'danger' } as const;

/** Every delivery, newest first, with each attempt's HTTP status or error (refreshes while some are pending). */
export function DeliveryLog() {
  const trpc = useTRPC();
  const log = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ limit: 200 }),
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 3_000 : false),
  });
  return (
    <Card data-testid="webhook-deliveries">
      <CardHeader>
        <div>
          <CardTitle>Delivery log</CardTitle>
          <CardDescription>A delivery is retried with exponential backoff and jitter until a 2xx answer, at most 10 attempts.</CardDescription>
        </div>
      </CardHeader>
      {log.isPending ? (
        <LoadingState label="Loading deliveries…" />
      ) : log.isError ? (
        <div className="p-4"><ErrorState title="Could not load deliveries" {...describeError(log.error)} /></div>
      ) : log.data.length === 0 ? (
        <div className="p-4"><EmptyState title="No deliveries yet" description="They appear when a run ends." /></div>
      ) : (
        <Table>
          <THead><TR><TH>Created</TH><TH>Event</TH><TH>Run</TH><TH>Receiver</TH><TH>State</TH><TH>Attempts</TH><TH>Next attempt</TH></TR></THead>
          <TBody>
            {log.data.map((d) => (
              <TR key={d.id} data-testid={`delivery-row-${d.id}`}>
                <TD className="text-xs text-slate-500">{formatDate(d.createdAt)}</TD>
                <TD className="font-mono text-xs">{d.event}</TD>
                <TD className="font-mono text-xs">{d.runId}</TD>
                <TD className="max-w-60 truncate font-mono text-xs">{d.url}</TD>
                <TD><Badge tone={TONE[d.status]}>{d.status}</Badge></TD>
                <TD className="text-xs">
                  {d.attemptLog.map((a, i) => (
                    <div key={i} title={a.error ?? undefined}>
                      {formatDate(a.at)}: {a.status ?? 'no answer'}
                      {a.error && a.status === null ? ` (${a.error})` : ''} · {a.ms} ms
                    </div>
                  ))}
                </TD>
                <TD className="text-xs text-slate-500">{d.nextAttemptAt ? formatDate(d.nextAttemptAt) : '—'}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
