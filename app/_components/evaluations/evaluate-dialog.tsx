'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery } from '@tanstack/react-query';
import { FlaskConical } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { shortHash } from '../../_lib/format';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Label } from '../ui/input';
import { Select } from '../ui/select';
import { ErrorState } from '../ui/states';

/** "Evaluate on dataset…": pick a dataset and one of its versions, start (or reuse) the evaluation, open its report. */
export function EvaluateDialog({ versionId, semver }: { versionId: string; semver: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [datasetId, setDatasetId] = useState<string>();
  const [datasetVersionId, setDatasetVersionId] = useState<string>();
  const datasets = useQuery(trpc.datasets.list.queryOptions(undefined, { enabled: open }));
  const versions = useQuery(trpc.datasets.versions.queryOptions({ id: datasetId ?? '' }, { enabled: open && !!datasetId }));
  const start = useMutation(trpc.evaluations.start.mutationOptions({ onSuccess: ({ evaluation }) => router.push(`/evaluations/${evaluation.id}`) }));
  if (!useCan('evaluation.start')) return null;
  const err = start.isError ? describeError(start.error) : null;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" data-testid={`evaluate-open-${semver}`}><FlaskConical className="h-3.5 w-3.5" /> Evaluate on dataset…</Button>
      </DialogTrigger>
      <DialogContent title={`Evaluate v${semver} on a labelled dataset`} description="One run per case, scored against the case's reference; an evaluation of identical content on the same dataset version is reused.">
        <div className="flex flex-col gap-3">
          <div>
            <Label>Dataset</Label>
            <Select data-testid="evaluate-dataset" value={datasetId} onValueChange={(id) => { setDatasetId(id); setDatasetVersionId(undefined); }}
              options={(datasets.data ?? []).map((d) => ({ value: d.id, label: d.name, hint: d.latestVersion ? `${d.latestVersion.caseCount} cases` : 'no version', disabled: !d.latestVersion }))} placeholder={datasets.isPending ? 'Loading…' : 'Pick a dataset'} />
          </div>
          <div>
            <Label>Dataset version</Label>
            <Select data-testid="evaluate-dataset-version" value={datasetVersionId} onValueChange={setDatasetVersionId} disabled={!datasetId}
              options={(versions.data ?? []).map((v) => ({ value: v.id, label: `v${v.number}`, hint: `${v.caseCount} cases · ${shortHash(v.contentHash, 8)}` }))} placeholder="Pick a version" />
          </div>
          {err ? <ErrorState title="Could not start the evaluation" code={err.code} message={err.message} /> : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" data-testid="evaluate-start" disabled={!datasetVersionId || start.isPending} onClick={() => datasetVersionId && start.mutate({ versionId, datasetVersionId, toleranceMm: 1 })}>Evaluate</Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
