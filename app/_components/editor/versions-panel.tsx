'use client';
import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { Download, GitCompare, Package, Play } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { formatDate, shortHash } from '../../_lib/format';
import type { PipelineDetail } from '../../_lib/types';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';
import { describeError } from '../../_lib/errors';
import { RollbackDialog } from '../versions/rollback-dialog';
import { EdgeBundleButton } from '../../pipelines/[id]/edge-bundle-button';
import { VersionEvaluations } from '../evaluations/version-evaluations';
import { VersionCardDialog } from '../cards/version-card-dialog';

/** Published versions, newest first: semver, content hash prefix, date; the active one marked; export, compare, activate and run. */
export function VersionsPanel({ pipelineId, versions, activeVersionId }: { pipelineId: string; versions: PipelineDetail['versions']; activeVersionId?: string | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const exportJson = async (id: string, semver: string) => {
    try {
      const v = await qc.fetchQuery(trpc.versions.get.queryOptions({ id }));
      const blob = new Blob([JSON.stringify(v.graph, null, 2) + '\n'], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${v.graph.name.replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase()}-v${semver}.json`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      toast({ tone: 'error', title: 'Export failed', description: describeError(e).message });
    }
  };
  if (versions.length === 0) return <p className="px-4 py-6 text-center text-xs text-slate-400">No published versions yet. Publish the draft to run it.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="versions">
      {versions.map((v, i) => (
        <li key={v.id} className="px-4 py-2.5">
          <div className="flex items-center justify-between gap-2">
            <div className="flex items-center gap-2">
              <Badge tone={(activeVersionId ? v.id === activeVersionId : i === 0) ? 'brand' : 'neutral'} data-testid={`version-${v.semver}`}>v{v.semver}</Badge>
              {v.id === activeVersionId ? <span className="text-[10px] font-semibold uppercase text-brand-700" data-testid="version-active">active</span> : null}
              <span className="font-mono text-[11px] text-slate-400" title={v.contentHash}>{shortHash(v.contentHash)}</span>
            </div>
          </div>
          {/* Labelled actions on their own wrapping row: the panel is narrow (320 px), icons alone were unreadable. */}
          <div className="mt-1.5 flex flex-wrap gap-1" data-testid={`version-actions-${v.semver}`}>
            <Button asChild size="sm" variant="secondary" aria-label={`Run v${v.semver}`}>
              <Link href={`/pipelines/${pipelineId}/run?version=${v.id}`}><Play className="h-3.5 w-3.5" /> Run</Link>
            </Button>
            <Button size="sm" variant="ghost" aria-label={`Export v${v.semver} as JSON`} onClick={() => exportJson(v.id, v.semver)}><Download className="h-3.5 w-3.5" /> JSON</Button>
            <Button asChild size="sm" variant="ghost" aria-label={`Export v${v.semver} with its models (.studio.zip)`}><a href={`/api/versions/${v.id}/export`}><Package className="h-3.5 w-3.5" /> Export</a></Button>
            <EdgeBundleButton versionId={v.id} semver={v.semver} />
            <VersionCardDialog versionId={v.id} semver={v.semver} />
            {versions.length > 1 ? (
              <Button asChild size="sm" variant="ghost" aria-label={`Compare v${v.semver}`}>
                <Link href={`/pipelines/${pipelineId}/diff?from=${versions[i + 1]?.id ?? versions[i - 1].id}&to=${v.id}`}><GitCompare className="h-3.5 w-3.5" /> Compare</Link>
              </Button>
            ) : null}
            {activeVersionId && v.id !== activeVersionId ? <RollbackDialog compact pipelineId={pipelineId} versionId={v.id} semver={v.semver} /> : null}
          </div>
          <p className="mt-1 text-[11px] text-slate-500">{formatDate(v.createdAt)}</p>
          {v.notes ? <p className="mt-1 text-xs text-slate-600">{v.notes}</p> : null}
          <VersionEvaluations versionId={v.id} semver={v.semver} />
        </li>
      ))}
    </ul>
  );
}
