'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { GitBranch, Play, Workflow } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { NewPipelineDialog } from './new-pipeline-dialog';
import { ImportBundleButton } from '../versions/import-bundle-button';

export function PipelineList() {
  const trpc = useTRPC();
  const q = useQuery(trpc.pipelines.list.queryOptions());
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <PageHeader
        title="Pipelines"
        description="Versioned imaging AI pipelines: edit on the canvas, publish immutable versions, run on scans."
        actions={<div className="flex gap-2"><ImportBundleButton /><NewPipelineDialog /></div>}
      />
      {q.isPending ? (
        <LoadingState label="Loading pipelines…" />
      ) : q.isError ? (
        <ErrorState title="Could not load pipelines" {...describeError(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Retry</Button>} />
      ) : q.data.length === 0 ? (
        <EmptyState icon={<Workflow className="h-5 w-5" />} title="No pipelines yet" description="Create a pipeline and build it on the canvas from the node palette." action={<NewPipelineDialog />} />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="pipeline-list">
          {q.data.map((p) => (
            <Card key={p.id} className="flex flex-col transition-shadow hover:shadow-md" data-testid={`pipeline-${p.id}`}>
              <Link href={`/pipelines/${p.id}`} className="flex flex-1 flex-col gap-2 p-4">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="text-sm font-semibold text-slate-900">{p.name}</h2>
                  {p.activeVersion ? (
                    <Badge tone="brand" title="Active (latest published) version">v{p.activeVersion.semver}</Badge>
                  ) : (
                    <Badge tone="neutral">draft only</Badge>
                  )}
                </div>
                <p className="line-clamp-3 text-sm text-slate-500">{p.description || 'No description.'}</p>
              </Link>
              <div className="flex items-center justify-between border-t border-slate-100 px-4 py-2.5 text-xs text-slate-500">
                <span className="flex items-center gap-1.5">
                  <GitBranch className="h-3.5 w-3.5" /> {p.versionCount} version{p.versionCount === 1 ? '' : 's'} · {formatDate(p.updatedAt)}
                </span>
                {p.activeVersion ? (
                  <Button asChild size="sm" variant="ghost">
                    <Link href={`/pipelines/${p.id}/run`}><Play className="h-3.5 w-3.5" /> Run</Link>
                  </Button>
                ) : null}
              </div>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
