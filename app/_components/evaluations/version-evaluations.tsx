'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { StatusPill } from '../runs/status';
import { EvaluateDialog } from './evaluate-dialog';
import { GateStateView } from './gate-state';
import { fmt } from './metric-format';
import { OverrideDialog } from './override-dialog';
import { isOpen } from './use-report';

const POLL_MS = 3000;

/** Under one version in the versions panel: its gate, its evaluations (mean Dice per label) with links to the reports, evaluate and override. */
export function VersionEvaluations({ versionId, semver }: { versionId: string; semver: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.versions.detail.queryOptions({ id: versionId }, { refetchInterval: (q) => (q.state.data?.gate?.state === 'evaluating' ? POLL_MS : false) }));
  const evals = useQuery(trpc.evaluations.listByVersion.queryOptions({ versionId }, { refetchInterval: (q) => (q.state.data?.some((e) => isOpen(e.status)) ? POLL_MS : false) }));
  const gate = detail.data?.gate;
  return (
    <div className="mt-1.5 flex flex-col gap-1.5" data-testid={`version-evaluations-${semver}`}>
      {gate ? <GateStateView gate={gate} /> : null}
      {(evals.data ?? []).map((e) => (
        <Link key={e.id} href={`/evaluations/${e.id}`} className="rounded border border-slate-100 px-2 py-1 text-[11px] hover:bg-slate-50" data-testid="version-evaluation">
          <span className="flex items-center justify-between gap-2">
            <span className="font-mono text-slate-500">{e.id.slice(0, 10)}</span>
            <StatusPill status={e.status} />
          </span>
          {e.summary ? (
            <span className="mt-0.5 block text-slate-600">{e.summary.map((l) => `${l.name} Dice ${fmt(l.metrics.dice.mean)}`).join(' · ')}</span>
          ) : isOpen(e.status) ? <span className="mt-0.5 block text-slate-500">{e.casesDone}/{e.caseCount} cases</span> : null}
        </Link>
      ))}
      <div className="flex flex-wrap gap-1.5">
        <EvaluateDialog versionId={versionId} semver={semver} />
        {gate?.state === 'refused' ? <OverrideDialog versionId={versionId} semver={semver} /> : null}
      </div>
    </div>
  );
}
