'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Laptop, Play, Server } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatBytes, formatDate, shortHash } from '../../_lib/format';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader, CardTitle, CardDescription } from '../ui/card';
import { Label } from '../ui/input';
import { Select } from '../ui/select';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { ScanUpload } from '../scans/scan-upload';
import { BrowserRunPanel } from './browser-run-panel';
import { EstimatePanel } from '../costs/estimate-panel';

/** Pick a published version and a scan (or upload one), then start a run and open its view. */
export function RunLauncher({ pipelineId, initialVersion }: { pipelineId: string; initialVersion?: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id: pipelineId }));
  const scans = useQuery(trpc.scans.list.queryOptions());
  const [versionId, setVersionId] = useState<string | undefined>(initialVersion);
  const [scanId, setScanId] = useState<string | undefined>();
  const [where, setWhere] = useState<'server' | 'browser'>('server');
  const fits = useQuery({ ...trpc.scans.compatible.queryOptions({ versionId: versionId ?? pipeline.data?.activeVersionId ?? pipeline.data?.versions[0]?.id ?? '' }), enabled: !!(versionId ?? pipeline.data?.activeVersionId ?? pipeline.data?.versions[0]?.id) });
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: ({ runId }) => router.push(`/runs/${runId}`) }));

  if (pipeline.isPending || scans.isPending) return <LoadingState label="Loading pipeline and scans…" />;
  const failed = pipeline.error ?? scans.error;
  if (failed) return <div className="p-8"><ErrorState title="Could not load" {...describeError(failed)} /></div>;
  const p = pipeline.data!;
  const version = versionId ?? p.activeVersionId ?? p.versions[0]?.id;
  // Scans recorded by browser runs have no files on the server: they cannot run here. The
  // version's preflight orders them: compatible first, the others greyed out with the reason;
  // an incompatible scan is never chosen for the user.
  const fit = new Map((fits.data ?? []).map((f, i) => [f.scanId, { ...f, order: i }]));
  const stored = scans.data!.filter((s) => s.fileCount > 0).sort((a, b) => (fit.get(a.id)?.order ?? 1e9) - (fit.get(b.id)?.order ?? 1e9));
  const usable = (id: string | undefined) => !!id && fit.get(id)?.compatible !== false;
  const scan = usable(scanId) ? scanId : fits.data ? stored.find((s) => fit.get(s.id)?.compatible)?.id : undefined;

  return (
    <div className={`mx-auto px-6 py-8 ${where === 'browser' ? 'max-w-6xl' : 'max-w-3xl'}`}>
      <PageHeader title={`Run ${p.name}`} description="Runs execute an immutable published version on one scan." />
      {p.versions.length === 0 ? (
        <EmptyState title="No published version" description="Publish the pipeline from the editor before running it." />
      ) : (
        <div className="flex flex-col gap-4">
          <Card>
            <CardHeader><div><CardTitle>1. Version</CardTitle><CardDescription>Only published versions can run.</CardDescription></div></CardHeader>
            <CardBody>
              <Label>Pipeline version</Label>
              <Select
                data-testid="run-version"
                value={version}
                onValueChange={setVersionId}
                options={p.versions.map((v) => ({ value: v.id, label: `v${v.semver}`, hint: `${shortHash(v.contentHash, 8)} · ${formatDate(v.createdAt)}` }))}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader><div><CardTitle>2. Where to run</CardTitle><CardDescription>On the server with a stored scan, or in this browser with a scan that never leaves this device.</CardDescription></div></CardHeader>
            <CardBody className="flex flex-wrap gap-2">
              <Button variant={where === 'server' ? 'primary' : 'secondary'} data-testid="run-on-server" aria-pressed={where === 'server'} onClick={() => setWhere('server')}>
                <Server className="h-4 w-4" /> On the server
              </Button>
              <Button variant={where === 'browser' ? 'primary' : 'secondary'} data-testid="run-in-browser" aria-pressed={where === 'browser'} onClick={() => setWhere('browser')}>
                <Laptop className="h-4 w-4" /> Run in my browser
              </Button>
            </CardBody>
          </Card>
          {where === 'browser' && version ? <BrowserRunPanel versionId={version} /> : null}
          {where === 'server' ? (
            <>
            <Card>
              <CardHeader><div><CardTitle>3. Scan</CardTitle><CardDescription>Choose a stored scan or upload a new one.</CardDescription></div></CardHeader>
              <CardBody className="flex flex-col gap-4">
                <div>
                  <Label>Stored scans</Label>
                  <Select
                    data-testid="run-scan"
                    value={scan}
                    onValueChange={setScanId}
                    placeholder={stored.length ? 'Choose a scan' : 'No scans yet: upload one below'}
                    options={stored.map((s) => {
                      const f = fit.get(s.id);
                      return { value: s.id, label: s.name, hint: f?.compatible === false ? f.reason : `${s.format} · ${formatBytes(s.sizeBytes)}`, disabled: f?.compatible === false };
                    })}
                  />
                </div>
                {scanId && !usable(scanId) ? (
                  <p className="text-xs text-amber-700" data-testid="scan-incompatible">This version cannot run on {stored.find((s) => s.id === scanId)?.name ?? 'that scan'}: {fit.get(scanId)?.reason}</p>
                ) : null}
                <ScanUpload
                  onUploaded={async (id) => {
                    await qc.invalidateQueries({ queryKey: trpc.scans.list.queryKey() });
                    await qc.invalidateQueries({ queryKey: trpc.scans.compatible.queryKey() });
                    setScanId(id);
                  }}
                />
              </CardBody>
            </Card>
            <EstimatePanel versionId={version} scanId={scan} />
            {start.isError ? <ErrorState title="Run not started" {...describeError(start.error)} /> : null}
            <div className="flex justify-end">
              <Button variant="primary" data-testid="run-start" disabled={!version || !scan || start.isPending} onClick={() => version && scan && start.mutate({ versionId: version, scanId: scan })}>
                <Play className="h-4 w-4" /> {start.isPending ? 'Starting…' : 'Run pipeline'}
              </Button>
            </div>
            </>
          ) : null}
        </div>
      )}
    </div>
  );
}
