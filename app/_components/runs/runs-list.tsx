'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Activity } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatDate, formatMs } from '../../_lib/format';
import { Card } from '../ui/card';
import { Button } from '../ui/button';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { isFinished } from '../../../domain/runs/status';
import { StatusPill } from './status';

export function RunsList() {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.runs.list.queryOptions({ limit: 100 }, { refetchInterval: (query) => (query.state.data?.some((r) => !isFinished(r.status)) ? 2000 : false) }),
  );
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <PageHeader title="Runs" description="Every execution of a published pipeline version, newest first." />
      {q.isPending ? (
        <LoadingState label="Loading runs…" />
      ) : q.isError ? (
        <ErrorState title="Could not load runs" {...describeError(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Retry</Button>} />
      ) : q.data.length === 0 ? (
        <EmptyState icon={<Activity className="h-5 w-5" />} title="No runs yet" description="Publish a pipeline and run it on a scan." action={<Button asChild variant="primary"><Link href="/">Go to pipelines</Link></Button>} />
      ) : (
        <Card>
          <Table data-testid="runs-table">
            <THead><TR><TH>Pipeline</TH><TH>Version</TH><TH>Scan</TH><TH>Status</TH><TH>Executor</TH><TH>Started</TH><TH className="text-right">Took</TH></TR></THead>
            <TBody>
              {q.data.map((r) => (
                <TR key={r.id} data-executor={r.executor} data-status={r.status}>
                  <TD><Link href={`/runs/${r.id}`} className="font-medium text-brand-700 hover:underline">{r.pipelineName}</Link></TD>
                  <TD className="font-mono text-xs">v{r.semver}</TD>
                  <TD>{r.scan?.name ?? '—'}</TD>
                  <TD><StatusPill status={r.status} /></TD>
                  <TD className="text-xs text-slate-500">{r.executor}</TD>
                  <TD className="text-xs text-slate-500">{formatDate(r.createdAt)}</TD>
                  <TD className="text-right font-mono text-xs text-slate-500">{r.startedAt && r.finishedAt ? formatMs(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) : '—'}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
