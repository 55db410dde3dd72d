'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatDate, shortHash } from '../../_lib/format';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Label } from '../ui/input';
import { Select } from '../ui/select';

/** "Rerun this scan on another version": pick a version of the same pipeline, start the run, open it. */
export function RerunDialog({ pipelineId, scanId, currentVersionId }: { pipelineId: string; scanId: string; currentVersionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [versionId, setVersionId] = useState<string>();
  const versions = useQuery(trpc.versions.list.queryOptions({ pipelineId }, { enabled: open }));
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: ({ runId }) => router.push(`/runs/${runId}`) }));
  const options = (versions.data ?? []).filter((v) => v.id !== currentVersionId).map((v) => ({ value: v.id, label: `v${v.semver}${v.active ? ' (active)' : ''}`, hint: `${shortHash(v.contentHash, 8)} · ${formatDate(v.createdAt)}` }));
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" data-testid="rerun-open"><RotateCcw className="h-3.5 w-3.5" /> Rerun on another version</Button>
      </DialogTrigger>
      <DialogContent
        title="Rerun this scan on another version"
        description="The same scan, another published version of this pipeline; the new run opens when it starts."
        footer={<Button variant="primary" data-testid="rerun-start" disabled={!versionId || start.isPending} onClick={() => versionId && start.mutate({ versionId, scanId })}>Run</Button>}
      >
        <Label>Version</Label>
        <Select data-testid="rerun-version" value={versionId} onValueChange={setVersionId} options={options} placeholder={versions.isPending ? 'Loading…' : options.length ? 'Pick a version' : 'No other version'} />
        {start.error ? <p className="mt-2 text-xs text-red-700" role="alert">{describeError(start.error).message}</p> : null}
      </DialogContent>
    </Dialog>
  );
}
