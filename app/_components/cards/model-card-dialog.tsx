'use client';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FileText } from 'lucide-react';
import { cardToForm, formToCard, type CardForm } from '../../_lib/card-form';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { ErrorState, LoadingState } from '../ui/states';
import { toast } from '../ui/toast';
import { CardFields, MODEL_FIELDS } from './card-fields';

const SOURCE = { workspace: 'edited in this workspace', file: 'from the model file', contract: 'from the input contract', empty: 'not written yet' } as const;

/**
 * The model's card as a form: engineers and admins save it (audited; published versions keep the
 * card they pinned), other roles read it. Prefilled from the file's metadata_props.
 */
export function ModelCardDialog({ sha256, name }: { sha256: string; name: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCan('model.register');
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<CardForm | null>(null);
  const q = useQuery({ ...trpc.models.card.get.queryOptions({ sha256 }), enabled: open });
  const save = useMutation(
    trpc.models.card.update.mutationOptions({
      onSuccess: async (r) => {
        qc.setQueryData(trpc.models.card.get.queryKey({ sha256 }), r);
        setForm(cardToForm(r.card));
        toast({ tone: 'success', title: 'Model card saved' });
      },
      onError: (e) => toast({ tone: 'error', title: 'Model card not saved', description: describeError(e).message }),
    }),
  );
  const current = form ?? (q.data ? cardToForm(q.data.card) : null);
  const parsed = current ? formToCard(current) : null;
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) setForm(null); }}>
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary" data-testid={`model-card-open-${sha256.slice(0, 12)}`}><FileText className="h-3.5 w-3.5" /> Model card</Button>
      </DialogTrigger>
      <DialogContent title={`Model card: ${name}`} description={canEdit ? 'Pinned into each version published after you save.' : 'Read-only: your role cannot edit models.'} className="max-h-[88vh] w-[min(94vw,48rem)] overflow-y-auto">
        {q.isPending ? <LoadingState label="Loading the card…" /> : q.isError ? <ErrorState title="Could not load the card" {...describeError(q.error)} /> : current ? (
          <div className="flex flex-col gap-3" data-testid="model-card-form">
            <Badge className="self-start" tone={q.data.source === 'workspace' ? 'brand' : 'neutral'}>{SOURCE[q.data.source]}</Badge>
            <CardFields form={current} fields={MODEL_FIELDS} readOnly={!canEdit} idPrefix="model-card" wide onChange={setForm} />
            {parsed && !parsed.ok ? <ul className="text-xs text-rose-700" data-testid="model-card-problems">{parsed.problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
            {canEdit ? (
              <div className="flex justify-end gap-2">
                {q.data.source === 'workspace' ? <Button size="sm" variant="ghost" disabled={save.isPending} onClick={() => save.mutate({ sha256, card: null })}>Use the file&apos;s card</Button> : null}
                <Button size="sm" variant="primary" data-testid="model-card-save" disabled={save.isPending || !parsed?.ok} onClick={() => parsed?.ok && save.mutate({ sha256, card: parsed.card })}>
                  {save.isPending ? 'Saving…' : 'Save card'}
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
