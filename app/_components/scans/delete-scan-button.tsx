'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';

/** Deletes a scan after a confirmation; the server refuses (CONFLICT) while runs reference it, shown as a toast. */
export function DeleteScanButton({ scan }: { scan: { id: string; name: string } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const remove = useMutation(
    trpc.scans.delete.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.scans.list.queryKey() });
        toast({ tone: 'success', title: `Scan “${scan.name}” deleted` });
      },
      onError: (e) => toast({ tone: 'error', title: 'Could not delete the scan', description: describeError(e).message }),
    }),
  );
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`Delete scan ${scan.name}`}
      data-testid={`delete-scan-${scan.id}`}
      disabled={remove.isPending}
      onClick={() => {
        if (window.confirm(`Delete the scan “${scan.name}”? Runs that used it keep their records; a scan that runs reference cannot be deleted.`)) remove.mutate({ id: scan.id });
      }}
    >
      <Trash2 className="h-4 w-4" aria-hidden />
    </Button>
  );
}
