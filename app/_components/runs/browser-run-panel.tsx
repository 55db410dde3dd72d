'use client';
import { useMemo, useState } from 'react';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Cpu, Download, Play } from 'lucide-react';
import type { PipelineGraph } from '../../../domain/graph/schema';
import type { LocalScan } from '../../_lib/browser-input';
import { describeError } from '../../_lib/errors';
import { formatBytes } from '../../_lib/format';
import { labelNamesFromGraph } from '../../_lib/label-names';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { ErrorState, LoadingState } from '../ui/states';
import { BrowserScanPicker } from './browser-scan-picker';
import { NodeProgress } from './node-progress';
import { ResultPanels } from './run-results';
import { StatusPill } from './status';
import { useBrowserRun } from './use-browser-run';

/** "Run in my browser": the pinned version runs in this page on a scan that never leaves it. */
export function BrowserRunPanel({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const version = useQuery(trpc.versions.get.queryOptions({ id: versionId }, { staleTime: Infinity }));
  if (version.isPending) return <LoadingState label="Loading the pinned version…" />;
  if (version.isError) return <ErrorState title="Could not load the version" {...describeError(version.error)} />;
  return <BrowserRunBody key={versionId} versionId={versionId} graph={version.data.graph} />;
}

function BrowserRunBody({ versionId, graph }: { versionId: string; graph: PipelineGraph }) {
  const [scan, setScan] = useState<LocalScan | null>(null);
  const { state, run } = useBrowserRun(versionId, graph);
  const names = useMemo(() => labelNamesFromGraph(graph), [graph]);
  const running = state.phase === 'running';
  const labelArt = state.artifacts.find((a) => a.labelCounts);
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader><div><CardTitle>Scan on this device</CardTitle><CardDescription>Only the scan&apos;s SHA-256, name, size, timings and label counts are recorded on the server.</CardDescription></div></CardHeader>
        <CardBody className="flex flex-col gap-3">
          <BrowserScanPicker scan={scan} onScan={setScan} disabled={running} />
          <div className="flex items-center justify-end gap-3">
            {state.phase !== 'idle' ? <StatusPill status={state.phase} data-testid="browser-run-status" /> : null}
            <Button variant="primary" data-testid="browser-run-start" disabled={!scan || running} onClick={() => scan && run(scan)}>
              <Play className="h-4 w-4" /> {running ? 'Running in this browser…' : 'Run in this browser'}
            </Button>
          </div>
        </CardBody>
      </Card>
      {state.phase !== 'idle' ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader><CardTitle>Nodes</CardTitle></CardHeader>
            <NodeProgress nodes={state.nodes} />
            <p className="px-4 py-2 text-[11px] text-slate-400">Inference runs in onnxruntime-web&apos;s own threads; the other nodes run on this page&apos;s main thread for now.</p>
          </Card>
          <Card className="self-start">
            <CardHeader><CardTitle>Runtime and outputs</CardTitle></CardHeader>
            <CardBody className="flex flex-col gap-3 text-sm">
              <div data-testid="browser-runtime" data-target={state.runtime?.target ?? ''}>
                <span className="flex items-center gap-2"><Cpu className="h-4 w-4 text-slate-400" /> {state.runtime ? <Badge tone="brand">{state.runtime.target}</Badge> : 'resolving…'}
                  {typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated ? <Badge tone="success">cross-origin isolated (threads)</Badge> : <Badge tone="warning">not isolated (1 thread)</Badge>}</span>
                {state.runtime?.fallbacks.map((f) => <p key={f.target} className="mt-1 text-xs text-slate-500">Skipped {f.target}: {f.message}</p>)}
              </div>
              {labelArt?.labelCounts ? (
                <ul data-testid="browser-label-counts" className="font-mono text-xs">
                  {Object.entries(labelArt.labelCounts).map(([v, n]) => <li key={v} data-label={v} data-count={n}>label {v}: {n.toLocaleString()} voxels</li>)}
                </ul>
              ) : null}
              {state.artifacts.length ? (
                <ul className="divide-y divide-slate-100">
                  {state.artifacts.map((a) => (
                    <li key={`${a.nodeId}-${a.name}`} className="flex items-center justify-between gap-2 py-1.5">
                      <span className="truncate">{a.name} <span className="text-xs text-slate-400">{formatBytes(a.size)}</span></span>
                      <Button asChild size="sm"><a href={a.url} download={a.name} data-testid={`browser-download-${a.name}`}><Download className="h-3.5 w-3.5" /> Download</a></Button>
                    </li>
                  ))}
                </ul>
              ) : null}
              {state.recordedRunId ? (
                <p className="text-xs text-slate-500" data-testid="browser-run-recorded" data-run-id={state.recordedRunId}>
                  Recorded as <Link className="text-brand-700 hover:underline" href={`/runs/${state.recordedRunId}`}>run {state.recordedRunId}</Link> (metadata only).
                </p>
              ) : null}
              {state.recordError ? <p className="text-xs text-red-700">The run could not be recorded: {state.recordError}</p> : null}
            </CardBody>
          </Card>
        </div>
      ) : null}
      {state.error ? <ErrorState title="The run failed in this browser" message={state.error} /> : null}
      {state.phase === 'succeeded' ? (
        <ResultPanels
          viewerKey={`browser-${scan?.sha256}-${labelArt?.sha256 ?? 'none'}`}
          image={state.image}
          labels={state.labels}
          expectLabels={!!state.labels}
          report={state.report}
          names={names}
          caption={labelArt ? `${labelArt.name} over the local scan (in memory)` : 'No label map output: showing the scan only'}
        />
      ) : null}
    </div>
  );
}
