'use client';
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { METRIC_NAMES, STATISTICS, type Criterion } from '../../../domain/evaluation/types';
import { HIGHER_IS_BETTER } from '../../../domain/evaluation/metrics';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { Select } from '../ui/select';
import { ErrorState } from '../ui/states';
import { toast } from '../ui/toast';
import { METRIC_LABEL } from './metric-format';

const STAT_LABEL: Record<(typeof STATISTICS)[number], string> = { mean: 'mean', median: 'median', ci95Low: '95% CI low', ci95High: '95% CI high' };

/** A pipeline's acceptance criteria (label, metric, statistic, threshold, dataset version): what a version must reach before it is published. */
export function CriteriaEditor({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCan('evaluation.start');
  const stored = useQuery(trpc.evaluations.criteria.queryOptions({ pipelineId }));
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const versionLists = useQueries({ queries: (datasets.data ?? []).map((d) => trpc.datasets.versions.queryOptions({ id: d.id })) });
  const versionOptions = useMemo(() => (datasets.data ?? []).flatMap((d, i) => (versionLists[i]?.data ?? []).map((v) => ({ value: v.id, label: `${d.name} v${v.number}`, hint: `${v.caseCount} cases` }))), [datasets.data, versionLists]);
  const [draft, setDraft] = useState<Criterion[] | null>(null);
  useEffect(() => { if (stored.data && draft === null) setDraft(stored.data.criteria); }, [stored.data, draft]);
  const save = useMutation(trpc.evaluations.setCriteria.mutationOptions({
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: trpc.evaluations.criteria.queryKey({ pipelineId }) }); toast({ tone: 'success', title: 'Acceptance criteria saved' }); },
  }));
  if (stored.isError) return <div className="p-4"><ErrorState title="Could not load the criteria" {...describeError(stored.error)} /></div>;
  if (!draft) return <p className="p-4 text-xs text-slate-400">Loading…</p>;
  const set = (i: number, patch: Partial<Criterion>) => setDraft(draft.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const add = () => setDraft([...draft, { datasetVersionId: versionOptions[0]?.value ?? '', label: 1, metric: 'dice', statistic: 'mean', threshold: 0.8 }]);
  return (
    <div className="flex flex-col gap-3 p-4" data-testid="criteria-editor">
      <p className="text-xs text-slate-500">A version published under criteria is evaluated first and becomes active only if every criterion holds (≥ for Dice and surface Dice, ≤ for distances and |volume difference|).</p>
      {draft.map((c, i) => (
        <fieldset key={i} disabled={!canEdit} className="flex flex-col gap-2 rounded-md border border-slate-200 p-2" data-testid={`criterion-${i}`}>
          <div><Label>Dataset version</Label><Select data-testid={`criterion-${i}-dataset`} value={c.datasetVersionId} onValueChange={(v) => set(i, { datasetVersionId: v })} options={versionOptions} placeholder="Pick a dataset version" /></div>
          <div className="grid grid-cols-2 gap-2">
            <div><Label>Label</Label><Input type="number" min={1} data-testid={`criterion-${i}-label`} value={c.label} onChange={(e) => set(i, { label: Number(e.target.value) })} /></div>
            <div><Label>Metric</Label><Select data-testid={`criterion-${i}-metric`} value={c.metric} onValueChange={(v) => set(i, { metric: v as Criterion['metric'] })} options={METRIC_NAMES.map((m) => ({ value: m, label: METRIC_LABEL[m] }))} /></div>
            <div><Label>Statistic</Label><Select data-testid={`criterion-${i}-statistic`} value={c.statistic} onValueChange={(v) => set(i, { statistic: v as Criterion['statistic'] })} options={STATISTICS.map((s) => ({ value: s, label: STAT_LABEL[s] }))} /></div>
            <div><Label>{HIGHER_IS_BETTER[c.metric] ? 'At least' : 'At most'}</Label><Input type="number" step="any" data-testid={`criterion-${i}-threshold`} value={c.threshold} onChange={(e) => set(i, { threshold: Number(e.target.value) })} /></div>
          </div>
          <Button size="sm" variant="ghost" className="self-end" onClick={() => setDraft(draft.filter((_, j) => j !== i))}><Trash2 className="h-3.5 w-3.5" /> Remove</Button>
        </fieldset>
      ))}
      {save.isError ? <ErrorState title="Could not save" {...describeError(save.error)} /> : null}
      {canEdit ? (
        <div className="flex justify-between gap-2">
          <Button size="sm" data-testid="criterion-add" onClick={add}><Plus className="h-3.5 w-3.5" /> Criterion</Button>
          <Button size="sm" variant="primary" data-testid="criteria-save" disabled={save.isPending || draft.some((c) => !c.datasetVersionId || !Number.isFinite(c.threshold))} onClick={() => save.mutate({ pipelineId, criteria: draft })}>Save criteria</Button>
        </div>
      ) : <p className="text-xs text-slate-400">Engineers and admins edit the criteria.</p>}
    </div>
  );
}
