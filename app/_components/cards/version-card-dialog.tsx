'use client';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { FileText } from 'lucide-react';
import type { VersionCard } from '../../../domain/cards/version-card';
import type { Summary } from '../../../domain/evaluation/aggregate';
import { METRIC_NAMES } from '../../../domain/evaluation/metrics';
import { describeError } from '../../_lib/errors';
import { formatDate, shortHash } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { ErrorState, LoadingState } from '../ui/states';
import { ModelCardView, Section } from './card-view';

/** Mean with its 95% bootstrap interval, e.g. `0.912 [0.880, 0.930]`. */
const meanAndCi = (s: Summary | undefined) => (s?.mean == null ? '—' : `${s.mean.toFixed(3)}${s.ci95 ? ` [${s.ci95.map((x) => x.toFixed(3)).join(', ')}]` : ''}`);

function Evaluation({ evaluation }: { evaluation: VersionCard['evaluation'] }) {
  if (!evaluation) return <p className="text-sm text-slate-500" data-testid="card-not-evaluated">Not evaluated.</p>;
  const metrics = METRIC_NAMES.filter((m) => evaluation.perLabel.some((l) => l.metrics[m]));
  return (
    <div className="text-xs" data-testid="card-evaluation">
      <p className="mb-1 text-slate-600">Dataset version <span className="font-mono">{evaluation.datasetVersionId}</span>{evaluation.cases != null ? `, ${evaluation.cases} cases` : ''}{evaluation.evaluatedAt ? `, ${formatDate(evaluation.evaluatedAt)}` : ''}</p>
      {evaluation.summary ? <p className="mb-1 whitespace-pre-wrap text-slate-700">{evaluation.summary}</p> : null}
      <table className="w-full text-left">
        <thead><tr className="text-slate-500"><th className="pr-2 font-medium">Label</th>{metrics.map((m) => <th key={m} className="pr-2 font-medium">{m} (mean, 95% CI)</th>)}</tr></thead>
        <tbody>
          {evaluation.perLabel.map((l) => (
            <tr key={l.label}><td className="pr-2">{l.label} {l.name}</td>{metrics.map((m) => <td key={m} className="pr-2 font-mono">{meanAndCi(l.metrics[m])}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The card pinned when the version was published: the pipeline's card, each model's, the evaluation and the version history. Frozen. */
export function VersionCardView({ card }: { card: VersionCard }) {
  return (
    <div className="flex flex-col gap-5" data-testid="version-card">
      <ModelCardView card={card.card} />
      {card.models.map((m) => (
        <div key={m.sha256} className="rounded-md border border-slate-200 p-3" data-testid={`version-card-model-${m.sha256.slice(0, 12)}`}>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Model {m.name} <span className="font-mono text-xs font-normal text-slate-400" title={m.sha256}>{shortHash(m.sha256, 12)}</span></h3>
          <ModelCardView card={m.card} />
        </div>
      ))}
      <Section title="Evaluation results"><Evaluation evaluation={card.evaluation} /></Section>
      <Section title="Version history">
        <ol className="flex flex-col gap-1 text-xs whitespace-normal">
          {card.history.map((h) => <li key={h.semver}><span className="font-mono">v{h.semver}</span> <span className="text-slate-500">{formatDate(h.publishedAt)}</span>{h.notes ? ` — ${h.notes}` : ''}</li>)}
        </ol>
      </Section>
    </div>
  );
}

export function VersionCardDialog({ versionId, semver }: { versionId: string; semver: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const q = useQuery({ ...trpc.versions.card.queryOptions({ id: versionId }), enabled: open });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" aria-label={`Model card of v${semver}`} data-testid={`version-card-open-${semver}`}><FileText className="h-3.5 w-3.5" /> Card</Button>
      </DialogTrigger>
      <DialogContent title={`Model card of v${semver}`} description="Pinned when this version was published; later edits of the cards do not change it." className="max-h-[88vh] w-[min(94vw,48rem)] overflow-y-auto">
        {q.isPending ? <LoadingState label="Loading the card…" /> : q.isError ? <ErrorState title="Could not load the card" {...describeError(q.error)} /> : q.data.card ? (
          <VersionCardView card={q.data.card} />
        ) : (
          <p className="text-sm text-slate-500" data-testid="version-card-none">This version was published before model cards existed (or imported without one): no card is pinned.</p>
        )}
      </DialogContent>
    </Dialog>
  );
}
