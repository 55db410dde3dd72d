'use client';
import { useMutation } from '@tanstack/react-query';
import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Spinner } from '../ui/states';

const REASONS: Record<string, string> = {
  'hash-mismatch': 'its content no longer matches its hash (edited)',
  'prev-mismatch': 'it does not link to the event before it',
  'missing-link': 'the event before it is missing (deleted)',
  'mac-mismatch': 'its MAC does not match (edited or re-chained without the audit key)',
  'unknown-key': 'it was chained with a key this studio does not hold',
  'unkeyed-after-keyed': 'it carries a plain hash where the chain is keyed (forged)',
};

/** Recomputes the whole chain on the server and says where it breaks, if anywhere. */
export function VerifyPanel({ onBroken }: { onBroken: (id: number | undefined) => void }) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.audit.verify.mutationOptions({ onSuccess: (r) => onBroken(r.firstBroken?.id) }));
  const r = verify.data;
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="audit-verify">
      <Button size="sm" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="audit-verify-button">
        {verify.isPending ? <Spinner className="h-3.5 w-3.5" /> : <ShieldCheck className="h-3.5 w-3.5" />} Verify chain
      </Button>
      {verify.isError ? <span className="text-sm text-red-700">{describeError(verify.error).message}</span> : null}
      {r?.ok ? (
        <span role="status" className="flex items-center gap-1.5 text-sm text-emerald-700" data-testid="audit-verify-result">
          <ShieldCheck className="h-4 w-4" /> Chain intact: {r.checked} event{r.checked === 1 ? '' : 's'} verified against {r.checkpoints.valid} checkpoint
          {r.checkpoints.valid === 1 ? '' : 's'}
        </span>
      ) : null}
      {r && !r.ok && r.firstBroken ? (
        <span role="alert" className="flex items-center gap-1.5 text-sm font-medium text-red-700" data-testid="audit-verify-result">
          <ShieldAlert className="h-4 w-4" /> Broken at event #{r.firstBroken.id}: {REASONS[r.firstBroken.reason] ?? r.firstBroken.reason} ({r.checked} verified before it)
        </span>
      ) : null}
      {r && !r.ok && !r.firstBroken ? (
        <span role="alert" className="flex items-center gap-1.5 text-sm font-medium text-red-700" data-testid="audit-verify-result">
          <ShieldAlert className="h-4 w-4" /> {r.failures[0]?.code}: {r.failures[0]?.message}
        </span>
      ) : null}
    </div>
  );
}
