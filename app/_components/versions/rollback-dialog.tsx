'use client';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Label, Textarea } from '../ui/input';
import { ErrorState } from '../ui/states';
import { toast } from '../ui/toast';

/** Make another published version the active one; the reason is required and goes into the audit log. */
export function RollbackDialog({ pipelineId, versionId, semver, compact }: { pipelineId: string; versionId: string; semver: string; compact?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const rollback = useMutation(
    trpc.versions.rollback.mutationOptions({
      onSuccess: async (r) => {
        await Promise.all([qc.invalidateQueries({ queryKey: trpc.pipelines.pathKey() }), qc.invalidateQueries({ queryKey: trpc.versions.pathKey() })]);
        setOpen(false);
        setReason('');
        toast({ tone: 'success', title: `v${r.to.semver} is now active`, description: r.from ? `was v${r.from.semver}` : undefined });
      },
    }),
  );
  const err = rollback.isError ? describeError(rollback.error) : null;
  const canRollback = useCan('version.rollback');
  if (!canRollback) return null;
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (o) rollback.reset(); }}>
      <DialogTrigger asChild>
        {compact ? (
          <Button size="sm" variant="ghost" aria-label={`Make v${semver} active`} data-testid={`rollback-open-${semver}`}><History className="h-3.5 w-3.5" /> Make active</Button>
        ) : (
          <Button size="sm" data-testid={`rollback-open-${semver}`}><History className="h-3.5 w-3.5" /> Make v{semver} active</Button>
        )}
      </DialogTrigger>
      <DialogContent title={`Make v${semver} the active version`} description="Runs without a pinned version will use it. The switch and your reason are recorded in the audit log.">
        <div className="flex flex-col gap-4">
          <div>
            <Label htmlFor="rollback-reason">Reason</Label>
            <Textarea id="rollback-reason" data-testid="rollback-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why this version should run (required)" maxLength={1000} />
          </div>
          {err ? <ErrorState title="Could not switch" code={err.code} message={err.message} /> : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" data-testid="rollback-confirm" disabled={!reason.trim() || rollback.isPending} onClick={() => rollback.mutate({ pipelineId, versionId, reason })}>
              {rollback.isPending ? 'Switching…' : `Activate v${semver}`}
            </Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
