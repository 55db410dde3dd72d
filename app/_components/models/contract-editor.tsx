'use client';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import type { ModelInfo } from '../../_lib/types';
import { Button } from '../ui/button';
import { Textarea } from '../ui/input';
import { toast } from '../ui/toast';

/**
 * Edits this workspace's view of a model's input contract as JSON (orientation, spacingMm, shape,
 * modality, labels, intendedUse, preprocessing, inputAxes); the server checks it. Versions
 * published earlier keep the contract they pinned.
 */
export function ContractEditor({ model }: { model: ModelInfo }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [text, setText] = useState<string | null>(null);
  const save = useMutation(
    trpc.models.setContract.mutationOptions({
      onSuccess: async () => {
        setText(null);
        await qc.invalidateQueries({ queryKey: trpc.models.list.queryKey() });
        toast({ tone: 'success', title: 'Contract saved' });
      },
      onError: (e) => toast({ tone: 'error', title: 'Contract not saved', description: describeError(e).message }),
    }),
  );
  if (text === null) {
    return (
      <div className="flex gap-2">
        <Button size="sm" variant="secondary" data-testid="contract-edit" onClick={() => setText(JSON.stringify(model.signature.contract ?? {}, null, 2))}>Edit contract</Button>
        {model.contractEdited ? <Button size="sm" variant="ghost" disabled={save.isPending} onClick={() => save.mutate({ sha256: model.sha256, contract: null })}>Use the file&apos;s contract</Button> : null}
      </div>
    );
  }
  const submit = () => {
    try {
      save.mutate({ sha256: model.sha256, contract: JSON.parse(text) });
    } catch (e) {
      toast({ tone: 'error', title: 'Not JSON', description: (e as Error).message });
    }
  };
  return (
    <div className="flex flex-col gap-2">
      <Textarea aria-label="Contract (JSON)" data-testid="contract-json" rows={8} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} />
      <div className="flex gap-2">
        <Button size="sm" variant="primary" disabled={save.isPending} onClick={submit}>Save contract</Button>
        <Button size="sm" variant="ghost" onClick={() => setText(null)}>Cancel</Button>
      </div>
    </div>
  );
}
