'use client';
import { useMemo } from 'react';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatDate, formatMs } from '../../_lib/format';
import { labelNamesFromGraph, type LabelInfo } from '../../_lib/label-names';
import { Card, CardBody, CardHeader, CardTitle } from '../ui/card';
import { ErrorState, LoadingState } from '../ui/states';
import { NodeProgress } from './node-progress';
import { OutputsList } from './outputs-list';
import { RunResults } from './run-results';
import { RunCostPanel } from '../costs/run-cost-panel';
import { isFinished } from '../../../domain/runs/status';
import { StatusPill } from './status';
import { CancelRunButton } from './cancel-run-button';
import type { CaseRef } from './run-results';
import { RerunDialog } from './rerun-dialog';

const POLL_MS = 500;

/** One run: polls runs.get every 500 ms until it finishes, then shows errors or results. */
export function RunView({ id, reference }: { id: string; reference?: CaseRef }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.runs.get.queryOptions({ id }, { refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : POLL_MS) }),
  );
  const version = useQuery(trpc.versions.get.queryOptions({ id: q.data?.versionId ?? '' }, { enabled: !!q.data?.versionId, staleTime: Infinity }));
  const names = useMemo(() => (version.data ? labelNamesFromGraph(version.data.graph) : new Map<number, LabelInfo>()), [version.data]);
  if (q.isPending) return <LoadingState label="Loading run…" />;
  if (q.isError) return <div className="p-8"><ErrorState title="Could not load the run" {...describeError(q.error)} /></div>;
  const run = q.data;
  const started = run.startedAt ? new Date(run.startedAt).getTime() : null;
  const finished = run.finishedAt ? new Date(run.finishedAt).getTime() : null;

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 px-6 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-xl font-semibold tracking-tight text-slate-900">
            {run.pipelineName} <span className="text-base font-normal text-slate-500">v{run.semver}</span>
            <StatusPill status={run.status} data-testid="run-status" />
          </h1>
          <p className="mt-1 text-sm text-slate-500">
            Scan <span className="font-medium text-slate-700">{run.scan?.name ?? '—'}</span> · executor {run.executor} · started {formatDate(run.startedAt ?? run.createdAt)}
            {started && finished ? ` · took ${formatMs(finished - started)}` : ''}
          </p>
        </div>
        <div className="flex items-center gap-3">
          {!isFinished(run.status) && run.executor !== 'browser' ? <CancelRunButton runId={run.id} /> : null}
          {run.scan && run.executor !== 'browser' && version.data ? <RerunDialog pipelineId={version.data.pipelineId} scanId={run.scan.id} currentVersionId={run.versionId} /> : null}
          <Link href="/runs" className="text-sm text-brand-700 hover:underline">All runs</Link>
        </div>
      </div>
      {run.error ? <ErrorState title={run.status === 'cancelled' ? 'The run was cancelled' : 'The run failed'} code={run.error.code} message={run.error.message} /> : null}
      {/* The clinician's view first: the result over the scan, then how the run went. */}
      {run.status === 'succeeded' && run.scan && run.executor !== 'browser' ? <RunResults scanId={run.scan.id} artifacts={run.artifacts} names={names} reference={reference} /> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader><CardTitle>Nodes</CardTitle></CardHeader>
          <NodeProgress nodes={run.nodes} />
        </Card>
        <Card className="self-start">
          <CardHeader><CardTitle>Outputs</CardTitle></CardHeader>
          <CardBody>{run.executor === 'browser' ? <p className="text-xs text-slate-500">Ran in the clinician&apos;s browser: the scan and its outputs never left that device; only timings and the outcome are recorded here.</p> : run.status === 'succeeded' ? <OutputsList artifacts={run.artifacts} /> : <p className="text-xs text-slate-400">{isFinished(run.status) ? 'No outputs.' : 'Outputs appear when the run finishes.'}</p>}</CardBody>
        </Card>
      </div>
      <RunCostPanel runId={run.id} live={!isFinished(run.status)} />
    </div>
  );
}
