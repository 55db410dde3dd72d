'use client';
import { useMemo, useState } from 'react';
import { labelNamesFromGraph } from '../../_lib/label-names';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { shortHash } from '../../_lib/format';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { AbViewer } from './ab-viewer';
import { ChangedCases } from './changed-cases';
import { DifferencesTable } from './differences-table';

/** /evaluations/compare?a=&b=: paired differences per label, the cases that changed most, and both outputs side by side. */
export function AbCompare({ a, b }: { a: string; b: string }) {
  const trpc = useTRPC();
  const cmp = useQuery(trpc.evaluations.compare.queryOptions({ a, b }));
  const va = useQuery(trpc.versions.get.queryOptions({ id: cmp.data?.a.versionId ?? '' }, { enabled: !!cmp.data, staleTime: Infinity }));
  const vb = useQuery(trpc.versions.get.queryOptions({ id: cmp.data?.b.versionId ?? '' }, { enabled: !!cmp.data, staleTime: Infinity }));
  const [picked, setPicked] = useState<string>();
  const names = useMemo(() => (vb.data ? labelNamesFromGraph(vb.data.graph) : undefined), [vb.data]);
  if (cmp.isPending) return <LoadingState label="Comparing…" />;
  if (cmp.isError) return <div className="p-8"><ErrorState title="Could not compare the evaluations" {...describeError(cmp.error)} /></div>;
  const { labels, cases } = cmp.data;
  const viewable = cases.filter((c) => c.runA && c.runB && c.scanId);
  const current = viewable.find((c) => c.caseKey === picked) ?? viewable[0];
  const name = (v: typeof va.data, id: string) => (v ? `v${v.semver} (${shortHash(v.contentHash, 8)})` : id);
  const nameA = name(va.data, a), nameB = name(vb.data, b);
  return (
    <div className="mx-auto flex max-w-[90rem] flex-col gap-4 px-6 py-8" data-testid="ab-compare">
      <header>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">A/B: <span data-testid="ab-a">{nameA}</span> → <span data-testid="ab-b">{nameB}</span></h1>
        <p className="mt-1 text-sm text-slate-500">
          Same dataset version, paired by case; b − a. <Link className="text-brand-700 hover:underline" href={`/evaluations/${a}`}>Report a</Link> · <Link className="text-brand-700 hover:underline" href={`/evaluations/${b}`}>Report b</Link>
        </p>
      </header>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader><div><CardTitle>Paired differences per label</CardTitle><CardDescription>Mean of b − a over cases both scored, 95% bootstrap interval.</CardDescription></div></CardHeader>
          <DifferencesTable labels={labels} />
        </Card>
        <Card className="self-start">
          <CardHeader><div><CardTitle>Cases that changed most</CardTitle><CardDescription>Pick one to view both outputs.</CardDescription></div></CardHeader>
          <ChangedCases cases={cases} selected={current?.caseKey} onSelect={(c) => setPicked(c.caseKey)} />
        </Card>
      </div>
      <Card>
        <CardHeader><div><CardTitle>Side by side{current ? `: ${current.caseKey}` : ''}</CardTitle><CardDescription>One crosshair for both: a slice moved in one moves in the other; the reference is outlined in white.</CardDescription></div></CardHeader>
        <CardBody>
          {current ? (
            <AbViewer key={current.caseKey} scanId={current.scanId!} runA={current.runA!} runB={current.runB!} evaluationId={a} caseKey={current.caseKey} labelA={`a: ${nameA}`} labelB={`b: ${nameB}`} names={names} />
          ) : <EmptyState title="No case with both outputs" description="A case appears here once both versions' runs of it have succeeded." />}
        </CardBody>
      </Card>
    </div>
  );
}
