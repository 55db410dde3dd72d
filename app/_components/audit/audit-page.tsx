'use client';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Download, ScrollText } from 'lucide-react';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Card, CardBody } from '../ui/card';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { EMPTY_FILTER, exportHref, toApiFilter, type AuditFilterForm } from './filters';
import { VerifyPanel } from './verify-panel';

const PAGE_SIZE = 50;

/** The audit log: filter, page (newest first), verify the hash chain, export what is shown. */
export function AuditPage() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [brokenId, setBrokenId] = useState<number>();
  const q = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ ...toApiFilter(filter), limit: PAGE_SIZE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="mx-auto max-w-7xl px-6 py-8">
      <PageHeader
        title="Audit log"
        description="Every recorded action, hash-chained and append-only. Newest first."
        actions={
          <>
            <Button asChild size="sm"><a href={exportHref(filter, 'csv')} data-testid="audit-export-csv"><Download className="h-3.5 w-3.5" /> CSV</a></Button>
            <Button asChild size="sm"><a href={exportHref(filter, 'json')} data-testid="audit-export-json"><Download className="h-3.5 w-3.5" /> JSON</a></Button>
          </>
        }
      />
      <Card className="mb-4">
        <CardBody className="flex flex-col gap-4">
          <AuditFilters value={filter} onApply={setFilter} />
          <VerifyPanel onBroken={setBrokenId} />
        </CardBody>
      </Card>
      {q.isPending ? (
        <LoadingState label="Loading audit events…" />
      ) : q.isError ? (
        <ErrorState title="Could not load the audit log" {...describeError(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Retry</Button>} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<ScrollText className="h-5 w-5" />} title="No audit events" description="Nothing matches these filters yet." />
      ) : (
        <Card>
          <AuditTable rows={rows} brokenId={brokenId} />
          {q.hasNextPage ? (
            <div className="border-t border-slate-100 p-3 text-center">
              <Button size="sm" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage} data-testid="audit-more">
                {q.isFetchingNextPage ? 'Loading…' : 'Load older events'}
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </div>
  );
}
