'use client';
import { useMemo } from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft, Download } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatDate, shortHash } from '../../_lib/format';
import { Button } from '../ui/button';
import { Label } from '../ui/input';
import { Select } from '../ui/select';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { ChangeList } from './change-list';
import { DiffCanvas } from './diff-canvas';
import { defaultPair, sideStatuses } from './diff-status';
import { RollbackDialog } from './rollback-dialog';
import { VersionMetricsDiff } from '../evaluations/version-metrics-diff';

/** Two version pickers, the two graphs side by side (coloured by change) and the list of changes. */
export function VersionDiff({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id: pipelineId }));
  const versions = useQuery(trpc.versions.list.queryOptions({ pipelineId }));
  const fallback = useMemo(() => defaultPair(versions.data ?? []), [versions.data]);
  const from = search.get('from') ?? fallback.from;
  const to = search.get('to') ?? fallback.to;
  const diff = useQuery(trpc.versions.diff.queryOptions({ fromId: from ?? '', toId: to ?? '' }, { enabled: !!from && !!to, staleTime: Infinity }));
  const statuses = useMemo(() => (diff.data ? { from: sideStatuses(diff.data.graph, 'from'), to: sideStatuses(diff.data.graph, 'to') } : null), [diff.data]);

  const pick = (side: 'from' | 'to', id: string) => {
    const q = new URLSearchParams(search.toString());
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    q.set(side, id);
    router.replace(`${pathname}?${q}`);
  };

  const failed = pipeline.error ?? versions.error;
  if (failed) return <div className="p-8"><ErrorState title="Could not load the versions" {...describeError(failed)} /></div>;
  if (!pipeline.data || !versions.data) return <LoadingState label="Loading versions…" />;
  if (versions.data.length < 2) return <div className="p-8"><EmptyState title="Nothing to compare" description="Publish at least two versions to compare them." /></div>;
  const options = versions.data.map((v) => ({ value: v.id, label: `v${v.semver}${v.active ? ' (active)' : ''}`, hint: `${shortHash(v.contentHash, 8)} · ${formatDate(v.createdAt)}` }));
  const target = versions.data.find((v) => v.id === to);

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="version-diff">
      <header className="flex flex-wrap items-end gap-4 border-b border-slate-200 bg-white px-4 py-3">
        <Button asChild size="sm" variant="ghost"><Link href={`/pipelines/${pipelineId}`}><ArrowLeft className="h-3.5 w-3.5" /> {pipeline.data.name}</Link></Button>
        <div className="w-56"><Label>From</Label><Select data-testid="diff-from" value={from} onValueChange={(id) => pick('from', id)} options={options} /></div>
        <div className="w-56"><Label>To</Label><Select data-testid="diff-to" value={to} onValueChange={(id) => pick('to', id)} options={options} /></div>
        <div className="ml-auto flex gap-2">
          {to ? <Button asChild size="sm"><a href={`/api/versions/${to}/export`} data-testid="diff-export"><Download className="h-3.5 w-3.5" /> Export</a></Button> : null}
          {target && !target.active ? <RollbackDialog pipelineId={pipelineId} versionId={target.id} semver={target.semver} /> : null}
        </div>
      </header>
      {from && to ? <VersionMetricsDiff fromId={from} toId={to} /> : null}
      {diff.error ? <div className="p-6"><ErrorState title="Could not compare" {...describeError(diff.error)} /></div> : null}
      {!diff.data || !statuses ? (
        diff.error ? null : <LoadingState label="Comparing…" />
      ) : (
        <div className="flex min-h-0 flex-1">
          <div className="grid min-h-0 flex-1 grid-cols-2 divide-x divide-slate-200">
            <div className="flex min-h-0 flex-col">
              <p className="border-b border-slate-100 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">v{diff.data.from.semver} · <span className="font-mono">{shortHash(diff.data.from.contentHash)}</span></p>
              <div className="min-h-0 flex-1"><DiffCanvas testId="diff-canvas-from" graph={diff.data.from.graph} {...statuses.from} /></div>
            </div>
            <div className="flex min-h-0 flex-col">
              <p className="border-b border-slate-100 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">v{diff.data.to.semver} · <span className="font-mono">{shortHash(diff.data.to.contentHash)}</span></p>
              <div className="min-h-0 flex-1"><DiffCanvas testId="diff-canvas-to" graph={diff.data.to.graph} {...statuses.to} /></div>
            </div>
          </div>
          <aside className="w-96 shrink-0 overflow-y-auto border-l border-slate-200 bg-white"><ChangeList diff={diff.data} /></aside>
        </div>
      )}
    </div>
  );
}
