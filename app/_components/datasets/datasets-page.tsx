'use client';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Database } from 'lucide-react';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { Input } from '../ui/input';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { cn } from '../ui/cn';
import { DatasetDetail } from './dataset-detail';

/** Labelled datasets of the workspace: list and create (engineers, admins); the selected one's versions and cases. */
export function DatasetsPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canManage = useCan('dataset.manage');
  const q = useQuery(trpc.datasets.list.queryOptions());
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.datasets.create.mutationOptions({
      onSuccess: async (d) => {
        setName('');
        setSelected(d.id);
        await qc.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() });
      },
    }),
  );
  const current = selected ?? q.data?.[0]?.id ?? null;
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <PageHeader title="Datasets" description="Scans with reference segmentations and a label mapping; every version is immutable and content-hashed." />
      <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div className="space-y-4">
          {q.isPending ? (
            <LoadingState label="Loading datasets…" />
          ) : q.isError ? (
            <ErrorState title="Could not load datasets" {...describeError(q.error)} />
          ) : q.data.length === 0 ? (
            <EmptyState icon={<Database className="h-5 w-5" />} title="No datasets yet" description={canManage ? 'Create one, then upload a zip or a folder of cases.' : 'Engineers create datasets.'} />
          ) : (
            <Card>
              <Table data-testid="datasets-table">
                <THead><TR><TH>Name</TH><TH className="text-right">Latest</TH><TH>Added</TH></TR></THead>
                <TBody>
                  {q.data.map((d) => (
                    <TR key={d.id} data-testid={`dataset-${d.id}`} className={cn('cursor-pointer', d.id === current && 'bg-brand-50')} onClick={() => setSelected(d.id)}>
                      <TD className="font-medium text-slate-800">{d.name}</TD>
                      <TD className="text-right font-mono text-xs">{d.latestVersion ? `v${d.latestVersion.number} · ${d.latestVersion.caseCount} cases` : '—'}</TD>
                      <TD className="text-xs text-slate-500">{formatDate(d.createdAt)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </Card>
          )}
          {canManage ? (
            <Card>
              <CardHeader><div><CardTitle>New dataset</CardTitle><CardDescription>The name is unique in this workspace.</CardDescription></div></CardHeader>
              <CardBody>
                <form className="flex gap-2" onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate({ name }); }}>
                  <Input data-testid="dataset-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Liver CT, v1 labels" maxLength={200} />
                  <Button type="submit" size="sm" disabled={!name.trim() || create.isPending}>Create</Button>
                </form>
                {create.error ? <div className="mt-2"><ErrorState title="Not created" {...describeError(create.error)} /></div> : null}
              </CardBody>
            </Card>
          ) : null}
        </div>
        {/* keyed: switching datasets starts the detail afresh (picked version, upload state) */}
        <div>{current ? <DatasetDetail key={current} id={current} canManage={canManage} /> : null}</div>
      </div>
    </div>
  );
}
