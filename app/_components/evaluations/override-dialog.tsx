'use client';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ShieldAlert } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Label, Textarea } from '../ui/input';
import { ErrorState } from '../ui/states';

/** Admins only: make a version refused by its acceptance criteria active anyway; the reason is required and audited. */
export function OverrideDialog({ versionId, semver }: { versionId: string; semver: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const override = useMutation(trpc.versions.override.mutationOptions({
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: trpc.versions.pathKey() }), qc.invalidateQueries({ queryKey: trpc.pipelines.pathKey() })]);
      setOpen(false);
    },
  }));
  if (!useCan('version.override')) return null;
  const err = override.isError ? describeError(override.error) : null;
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (o) override.reset(); }}>
      <DialogTrigger asChild>
        <Button size="sm" variant="danger" data-testid={`override-open-${semver}`}><ShieldAlert className="h-3.5 w-3.5" /> Override with reason</Button>
      </DialogTrigger>
      <DialogContent title={`Publish v${semver} over failed criteria`} description="The version becomes active although it fails its acceptance criteria; it stays marked as such, and your reason is audited.">
        <div className="flex flex-col gap-4">
          <div>
            <Label htmlFor="override-reason">Reason</Label>
            <Textarea id="override-reason" data-testid="override-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} placeholder="Why this version should run anyway (required)" />
          </div>
          {err ? <ErrorState title="Could not override" code={err.code} message={err.message} /> : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="danger" data-testid="override-confirm" disabled={!reason.trim() || override.isPending} onClick={() => override.mutate({ versionId, reason })}>Override</Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
