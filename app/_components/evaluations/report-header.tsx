'use client';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Download, Square } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatDate, shortHash } from '../../_lib/format';
import { money } from '../costs/money';
import { StatusPill } from '../runs/status';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';
import { isOpen, type EvaluationInfo } from './use-report';

/** Pipeline, version (semver + hash), dataset version, status with live progress, cost; cancel and export. */
export function ReportHeader({ e, pipeline, version, dataset }: {
  e: EvaluationInfo;
  pipeline?: { id: string; name: string };
  version?: { semver: string; contentHash: string };
  dataset?: { datasetName: string; number: number; contentHash: string };
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const cancel = useMutation(trpc.evaluations.cancel.mutationOptions({
    onSuccess: () => qc.invalidateQueries({ queryKey: trpc.evaluations.report.queryKey({ id: e.id }) }),
    onError: (err) => toast({ tone: 'error', title: 'Could not cancel the evaluation', description: describeError(err).message }),
  }));
  const pct = e.caseCount ? Math.round((100 * e.casesDone) / e.caseCount) : 0;
  return (
    <header className="flex flex-wrap items-start justify-between gap-4" data-testid="report-header">
      <div className="min-w-0">
        <h1 className="flex flex-wrap items-center gap-3 text-xl font-semibold tracking-tight text-slate-900">
          {pipeline ? <Link className="hover:underline" href={`/pipelines/${pipeline.id}`}>{pipeline.name}</Link> : 'Evaluation'}
          {version ? <span className="text-base font-normal text-slate-500">v{version.semver} <span className="font-mono text-xs" title={version.contentHash}>{shortHash(version.contentHash)}</span></span> : null}
          <StatusPill status={e.status} data-testid="evaluation-status" />
        </h1>
        <p className="mt-1 text-sm text-slate-500">
          Dataset <span className="font-medium text-slate-700" data-testid="report-dataset">{dataset ? `${dataset.datasetName} v${dataset.number}` : '…'}</span>
          {dataset ? <span className="ml-1 font-mono text-xs" title={dataset.contentHash}>{shortHash(dataset.contentHash)}</span> : null}
          {' · '}{e.caseCount} cases · tolerance {e.toleranceMm} mm · started {formatDate(e.startedAt ?? e.createdAt)}
          {' · '}cost <span className="font-mono" data-testid="report-cost">{money(e.costNano)}</span>
        </p>
        <div className="mt-2 flex items-center gap-3 text-xs text-slate-600" data-testid="report-progress">
          <div className="h-2 w-48 overflow-hidden rounded bg-slate-200"><div className="h-full bg-brand-600" style={{ width: `${pct}%` }} /></div>
          <span>{e.casesDone}/{e.caseCount} cases done{e.casesFailed ? `, ${e.casesFailed} failed` : ''}</span>
        </div>
        {e.error ? <p className="mt-1 text-xs text-red-700">{e.error.code}: {e.error.message}</p> : null}
      </div>
      <div className="flex items-center gap-2">
        {isOpen(e.status) ? (
          <Button variant="danger" size="sm" data-testid="cancel-evaluation" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: e.id })}>
            <Square className="h-3.5 w-3.5" aria-hidden /> Cancel
          </Button>
        ) : null}
        <Button asChild size="sm"><a href={`/api/evaluations/${e.id}/report.json`} data-testid="export-json"><Download className="h-3.5 w-3.5" /> JSON</a></Button>
        <Button asChild size="sm"><a href={`/api/evaluations/${e.id}/report.csv`} data-testid="export-csv"><Download className="h-3.5 w-3.5" /> CSV</a></Button>
      </div>
    </header>
  );
}
