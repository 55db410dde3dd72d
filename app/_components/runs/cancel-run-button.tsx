'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Square } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';

/** Cancels a queued or running server run; the page's polling then shows it `cancelled`. */
export function CancelRunButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) }),
      onError: (e) => toast({ title: 'Could not cancel the run', description: describeError(e).message, tone: 'error' }),
    }),
  );
  return (
    <Button variant="danger" size="sm" data-testid="cancel-run" disabled={cancel.isPending || cancel.isSuccess} onClick={() => cancel.mutate({ id: runId })}>
      <Square className="h-3.5 w-3.5" aria-hidden /> {cancel.isPending || cancel.isSuccess ? 'Cancelling…' : 'Cancel run'}
    </Button>
  );
}
