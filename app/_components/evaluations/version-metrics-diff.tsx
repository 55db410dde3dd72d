'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Columns2 } from 'lucide-react';
import { METRIC_NAMES } from '../../../domain/evaluation/types';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { ChangedCases } from './changed-cases';
import { fmt, fmtCi, fmtSigned, METRIC_LABEL } from './metric-format';

/** The newest succeeded evaluations of the two versions on one dataset version (the newest such pair), or null. */
function pairOf(a: { id: string; status: string; datasetVersionId: string }[], b: typeof a): { a: string; b: string } | null {
  for (const eb of b.filter((e) => e.status === 'succeeded')) {
    const ea = a.find((e) => e.status === 'succeeded' && e.datasetVersionId === eb.datasetVersionId);
    if (ea) return { a: ea.id, b: eb.id };
  }
  return null;
}

/** On the diff page: both versions' metrics on the same dataset version, the paired differences (to − from), the cases that changed most, and the A/B viewer link. */
export function VersionMetricsDiff({ fromId, toId }: { fromId: string; toId: string }) {
  const trpc = useTRPC();
  const ea = useQuery(trpc.evaluations.listByVersion.queryOptions({ versionId: fromId }));
  const eb = useQuery(trpc.evaluations.listByVersion.queryOptions({ versionId: toId }));
  const pair = ea.data && eb.data ? pairOf(ea.data, eb.data) : null;
  const cmp = useQuery(trpc.evaluations.compare.queryOptions(pair ?? { a: '', b: '' }, { enabled: !!pair }));
  if (ea.isPending || eb.isPending) return null;
  if (!pair) return <p className="px-4 py-2 text-xs text-slate-500" data-testid="metrics-diff-none">No succeeded evaluations of both versions on the same dataset version: evaluate both from the versions panel to compare their metrics.</p>;
  if (cmp.isError) return <p className="px-4 py-2 text-xs text-red-700">{describeError(cmp.error).message}</p>;
  if (!cmp.data) return <p className="px-4 py-2 text-xs text-slate-400">Comparing metrics…</p>;
  const { a, b, labels, cases } = cmp.data;
  const mean = (e: typeof a, label: number, m: (typeof METRIC_NAMES)[number]) => e.summary?.find((l) => l.label === label)?.metrics[m].mean ?? null;
  return (
    <section className="grid max-h-80 gap-3 overflow-y-auto border-b border-slate-200 bg-white px-4 py-3 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid="metrics-diff">
      <Table>
        <THead><TR><TH>Label</TH><TH>Metric</TH><TH className="text-right">From</TH><TH className="text-right">To</TH><TH className="text-right">To − from (paired)</TH><TH className="text-right">95% CI</TH></TR></THead>
        <TBody>
          {labels.flatMap((l) => METRIC_NAMES.map((m, i) => (
            <TR key={`${l.label}-${m}`} data-testid={`metrics-diff-${l.label}-${m}`}>
              <TD className="font-medium">{i ? null : l.name}</TD>
              <TD>{METRIC_LABEL[m]}</TD>
              <TD className="text-right font-mono text-xs">{fmt(mean(a, l.label, m))}</TD>
              <TD className="text-right font-mono text-xs">{fmt(mean(b, l.label, m))}</TD>
              <TD className="text-right font-mono text-xs">{fmtSigned(l.difference[m].mean)}</TD>
              <TD className="text-right font-mono text-xs">{fmtCi(l.difference[m].ci95)}</TD>
            </TR>
          )))}
        </TBody>
      </Table>
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between">
          <p className="text-xs font-medium text-slate-600">Cases that changed most</p>
          <Button asChild size="sm"><Link href={`/evaluations/compare?a=${pair.a}&b=${pair.b}`} data-testid="open-ab"><Columns2 className="h-3.5 w-3.5" /> A/B viewer</Link></Button>
        </div>
        <ChangedCases cases={cases} limit={5} />
      </div>
    </section>
  );
}
