'use client';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../_lib/errors';
import { formatBytes } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Card, CardBody } from '../ui/card';
import { PersonName } from '../ui/person';
import { ErrorState, LoadingState, PageHeader } from '../ui/states';
import { BudgetsCard } from './budgets-card';
import { CostTable } from './cost-tables';
import { money } from './money';
import { RateCardEditor } from './rate-card-editor';

/** Costs of this month: by pipeline, version, user and day; budgets and alerts; the rate card. */
export function CostsPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.costs.summary.queryOptions());
  const runsTotal = q.data?.byDay.reduce((a, d) => a + d.actualNano, 0);
  const downloads = q.data?.downloads;
  const total = runsTotal === undefined ? undefined : runsTotal + (downloads?.actualNano ?? 0);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 px-6 py-8">
      <PageHeader title="Costs" description={`This month${total !== undefined ? `: ${money(total)} actual` : ''}. Browser runs are listed and cost no compute.`} />
      {q.isPending ? (
        <LoadingState label="Loading costs…" />
      ) : q.isError ? (
        <ErrorState title="Could not load costs" {...describeError(q.error)} />
      ) : (
        <Card>
          <CardBody className="grid gap-6 lg:grid-cols-2">
            <CostTable testId="cost-by-pipeline" title="By pipeline" rows={q.data.byPipeline} label={(r) => r.pipelineName} />
            <CostTable testId="cost-by-version" title="By version" rows={q.data.byVersion} label={(r) => `${r.pipelineName} v${r.semver}`} />
            <CostTable testId="cost-by-user" title="By user" rows={q.data.byUser} label={(r) => r.userId} cell={(r) => <PersonName person={r.person} fallback={r.userId} />} />
            <CostTable testId="cost-by-day" title="By day" rows={q.data.byDay} label={(r) => r.day} />
            <p className="text-sm text-slate-600 lg:col-span-2" data-testid="cost-downloads">
              Downloads (results viewed or saved, outputs fetched through the API): {q.data.downloads.count}, {formatBytes(q.data.downloads.bytes)},{' '}
              <span className="font-medium text-slate-900">{money(q.data.downloads.actualNano)}</span>
            </p>
          </CardBody>
        </Card>
      )}
      <BudgetsCard />
      <RateCardEditor />
    </div>
  );
}
