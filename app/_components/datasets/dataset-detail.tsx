'use client';
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../_lib/errors';
import { formatDate, shortHash } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../ui/badge';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { ErrorState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { cn } from '../ui/cn';
import { DatasetUpload } from './dataset-upload';

/** One dataset: its versions (number, content hash, cases, mapping) and the cases of the chosen version. */
export function DatasetDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.datasets.get.queryOptions({ id }));
  const [picked, setPicked] = useState<string | null>(null);
  if (q.isPending) return <LoadingState label="Loading dataset…" />;
  if (q.isError) return <ErrorState title="Could not load the dataset" {...describeError(q.error)} />;
  const d = q.data;
  const version = d.versions.find((v) => v.id === picked) ?? d.versions[0];
  return (
    <div className="space-y-4" data-testid="dataset-detail" data-dataset-name={d.name}>
      <Card>
        <CardHeader><div><CardTitle>{d.name}</CardTitle><CardDescription>{d.versions.length} version{d.versions.length === 1 ? '' : 's'}</CardDescription></div></CardHeader>
        {d.versions.length ? (
          <Table data-testid="dataset-versions">
            <THead><TR><TH>Version</TH><TH>Content hash</TH><TH className="text-right">Cases</TH><TH>Labels</TH><TH>Added</TH></TR></THead>
            <TBody>
              {d.versions.map((v) => (
                <TR key={v.id} className={cn('cursor-pointer', v.id === version?.id && 'bg-brand-50')} onClick={() => setPicked(v.id)} data-testid={`dataset-version-${v.number}`}>
                  <TD className="font-medium">v{v.number}</TD>
                  <TD className="font-mono text-xs" title={v.contentHash}>{shortHash(v.contentHash, 16)}</TD>
                  <TD className="text-right font-mono text-xs">{v.caseCount}</TD>
                  <TD className="text-xs">{v.labelMapping.entries.map((e) => `${e.reference}→${v.labelMapping.names[String(e.label)] ?? e.label}`).join(', ')}</TD>
                  <TD className="text-xs text-slate-500">{formatDate(v.createdAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        ) : null}
        {canManage ? (
          <CardBody>
            <DatasetUpload datasetId={d.id} onUploaded={async (v) => { setPicked(v); await qc.invalidateQueries({ queryKey: trpc.datasets.get.queryKey({ id }) }); await qc.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }); }} />
          </CardBody>
        ) : null}
      </Card>
      {version ? <VersionCases versionId={version.id} number={version.number} /> : null}
    </div>
  );
}

function VersionCases({ versionId, number }: { versionId: string; number: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.datasets.cases.queryOptions({ versionId }));
  if (q.isPending) return <LoadingState label="Loading cases…" />;
  if (q.isError) return <ErrorState title="Could not load the cases" {...describeError(q.error)} />;
  return (
    <Card>
      <CardHeader><div><CardTitle>Cases of v{number}</CardTitle><CardDescription>Reference voxels per value, on the scan&apos;s grid.</CardDescription></div></CardHeader>
      <Table data-testid="dataset-cases">
        <THead><TR><TH>Case</TH><TH>Scan</TH><TH>Reference</TH><TH>Voxels per value</TH></TR></THead>
        <TBody>
          {q.data.map((c) => (
            <TR key={c.caseKey} data-testid={`dataset-case-${c.caseKey}`}>
              <TD className="font-medium">{c.caseKey}</TD>
              <TD className="text-xs">{c.scanName} <Badge tone={c.scanFormat === 'dicom' ? 'info' : 'neutral'}>{c.scanFormat}</Badge></TD>
              <TD><Badge tone="neutral">{c.referenceFormat}</Badge></TD>
              <TD className="font-mono text-xs">{Object.entries(c.referenceCounts).filter(([v]) => v !== '0').map(([v, n]) => `${v}: ${n}`).join(' · ') || 'empty'}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
