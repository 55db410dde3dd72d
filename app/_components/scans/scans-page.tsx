'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ScanLine } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatBytes, formatDate } from '../../_lib/format';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader, CardTitle, CardDescription } from '../ui/card';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { toast } from '../ui/toast';
import { ScanUpload } from './scan-upload';
import { DeleteScanButton } from './delete-scan-button';

export function ScansPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.scans.list.queryOptions());
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <PageHeader title="Scans" description="Imaging studies stored content-addressed; runs read them by reference." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div>
          {q.isPending ? (
            <LoadingState label="Loading scans…" />
          ) : q.isError ? (
            <ErrorState title="Could not load scans" {...describeError(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Retry</Button>} />
          ) : q.data.length === 0 ? (
            <EmptyState icon={<ScanLine className="h-5 w-5" />} title="No scans yet" description="Upload a NIfTI file or a DICOM series folder." />
          ) : (
            <Card>
              <Table data-testid="scans-table">
                <THead><TR><TH className="w-16"><span className="sr-only">Preview</span></TH><TH>Name</TH><TH>Format</TH><TH className="text-right">Files</TH><TH className="text-right">Size</TH><TH>Added</TH><TH className="w-10"><span className="sr-only">Actions</span></TH></TR></THead>
                <TBody>
                  {q.data.map((s) => (
                    <TR key={s.id} data-testid={`scan-${s.id}`}>
                      <TD>
                        {/* Browser-run scans have no files on the server: nothing to preview. */}
                        {s.fileCount > 0 ? <img src={`/api/scans/${s.id}/thumbnail`} alt="" loading="lazy" className="h-12 w-12 rounded bg-black object-contain" data-testid={`scan-thumbnail-${s.id}`} /> : <div className="h-12 w-12 rounded bg-slate-100" />}
                      </TD>
                      <TD className="font-medium text-slate-800">{s.name}</TD>
                      <TD><Badge tone={s.format === 'dicom' ? 'info' : 'neutral'}>{s.format}</Badge></TD>
                      <TD className="text-right font-mono text-xs" data-testid={`scan-files-${s.id}`}>{s.fileCount}</TD>
                      <TD className="text-right font-mono text-xs">{formatBytes(s.sizeBytes)}</TD>
                      <TD className="text-xs text-slate-500">{formatDate(s.createdAt)}</TD>
                      <TD><DeleteScanButton scan={s} /></TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </Card>
          )}
        </div>
        <Card className="self-start">
          <CardHeader><div><CardTitle>Upload a scan</CardTitle><CardDescription>NIfTI (.nii, .nii.gz) or one DICOM series.</CardDescription></div></CardHeader>
          <CardBody>
            <ScanUpload
              onUploaded={async () => {
                await qc.invalidateQueries({ queryKey: trpc.scans.list.queryKey() });
                toast({ tone: 'success', title: 'Scan uploaded' });
              }}
            />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
