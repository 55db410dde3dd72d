'use client';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EMPTY_CARD } from '../../../domain/cards/card';
import type { PipelineCard } from '../../../domain/cards/version-card';
import { cardToForm, formToCard, type CardForm } from '../../_lib/card-form';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { ErrorState, LoadingState } from '../ui/states';
import { toast } from '../ui/toast';
import { CardFields, PIPELINE_FIELDS } from './card-fields';

const toForm = (c: PipelineCard) => cardToForm({ ...EMPTY_CARD, ...c });
function toPipelineCard(f: CardForm): { ok: true; card: PipelineCard } | { ok: false; problems: string[] } {
  const r = formToCard(f);
  if (!r.ok) return r;
  const { inputContract: _ic, labels: _l, ...card } = r.card;
  return { ok: true, card };
}

/**
 * The pipeline's own card (intended use, known limits…), pinned with its models' cards into
 * each version published after it is saved. Read-only for roles that cannot edit pipelines.
 */
export function PipelineCardPanel({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCan('pipeline.edit');
  const [form, setForm] = useState<CardForm | null>(null);
  const q = useQuery(trpc.pipelines.card.get.queryOptions({ id: pipelineId }));
  const save = useMutation(
    trpc.pipelines.card.update.mutationOptions({
      onSuccess: (r) => {
        qc.setQueryData(trpc.pipelines.card.get.queryKey({ id: pipelineId }), r);
        setForm(null);
        toast({ tone: 'success', title: 'Pipeline card saved', description: 'The next version you publish pins it.' });
      },
      onError: (e) => toast({ tone: 'error', title: 'Pipeline card not saved', description: describeError(e).message }),
    }),
  );
  if (q.isPending) return <LoadingState label="Loading the card…" />;
  if (q.isError) return <ErrorState title="Could not load the card" {...describeError(q.error)} />;
  const current = form ?? toForm(q.data.card);
  const parsed = toPipelineCard(current);
  return (
    <div className="flex flex-col gap-3 p-4" data-testid="pipeline-card">
      <p className="text-xs text-slate-500">Pinned, with the cards of the models it uses and its version history, into each version you publish.</p>
      <CardFields form={current} fields={PIPELINE_FIELDS} readOnly={!canEdit} idPrefix="pipeline-card" onChange={setForm} />
      {!parsed.ok ? <ul className="text-xs text-rose-700">{parsed.problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
      {canEdit ? (
        <Button size="sm" variant="primary" className="self-end" data-testid="pipeline-card-save" disabled={!form || save.isPending || !parsed.ok} onClick={() => parsed.ok && save.mutate({ id: pipelineId, card: parsed.card })}>
          {save.isPending ? 'Saving…' : 'Save card'}
        </Button>
      ) : null}
    </div>
  );
}
