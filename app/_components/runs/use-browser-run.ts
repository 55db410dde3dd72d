'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PipelineGraph } from '../../../domain/graph/schema';
import type { VolumeValue } from '../../../runtimes/core/values';
import { readNifti } from '../../../runtimes/imaging/nifti';
import type { LocalScan } from '../../_lib/browser-input';
import { runInBrowser, type BrowserNodeEvent, type LocalArtifact } from '../../_lib/browser-run';
import { useTRPC } from '../../_lib/trpc';
import type { RunNode } from '../../_lib/types';
import type { VolumeRow } from './run-results';

export interface BrowserRunState {
  phase: 'idle' | 'running' | 'succeeded' | 'failed';
  nodes: RunNode[];
  runtime: { target: string; fallbacks: { target: string; message: string }[] } | null;
  artifacts: LocalArtifact[];
  image: VolumeValue | null;
  labels: VolumeValue | null;
  report: VolumeRow[] | null;
  error: string | null;
  recordedRunId: string | null;
  recordError: string | null;
}

const pendingNodes = (graph: PipelineGraph): RunNode[] =>
  graph.nodes.map((n) => ({ nodeId: n.id, kind: n.kind, status: 'pending', ms: null, progress: 0, attempts: 0, error: null }));

const initial = (graph: PipelineGraph): BrowserRunState => ({
  phase: 'idle', nodes: pendingNodes(graph), runtime: null, artifacts: [], image: null, labels: null, report: null, error: null, recordedRunId: null, recordError: null,
});

function applyNode(nodes: RunNode[], e: BrowserNodeEvent): RunNode[] {
  return nodes.map((n) => {
    if (n.nodeId !== e.nodeId) return n;
    const error = e.error ? { code: 'BROWSER_RUN_FAILED', message: e.error } : n.error;
    return { ...n, status: e.status, ms: e.ms ?? n.ms, progress: e.status === 'succeeded' ? 1 : (e.progress ?? n.progress), error };
  });
}

/**
 * One browser run of a pinned version: runs it in the page, keeps outputs in memory, then
 * records the run's metadata (no pixels) with runs.recordBrowserRun.
 */
export function useBrowserRun(versionId: string, graph: PipelineGraph) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [state, setState] = useState<BrowserRunState>(() => initial(graph));
  const urls = useRef<string[]>([]);
  const record = useMutation(trpc.runs.recordBrowserRun.mutationOptions());
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const run = useCallback(async (scan: LocalScan) => {
    urls.current.forEach((u) => URL.revokeObjectURL(u));
    urls.current = [];
    let nodes = pendingNodes(graph);
    setState({ ...initial(graph), phase: 'running' });
    const onNode = (e: BrowserNodeEvent) => {
      nodes = applyNode(nodes, e);
      setState((s) => ({ ...s, nodes }));
    };
    let target = 'unresolved';
    let outcome: { status: 'succeeded' | 'failed'; error?: { code: string; message: string }; labelCounts?: Record<string, number>; runtime: string };
    try {
      const res = await runInBrowser({
        graph, scan, onNode,
        signature: async (sha256) => (await qc.fetchQuery(trpc.models.get.queryOptions({ sha256 }))).signature,
        onRuntime: (t, fallbacks) => {
          target = t;
          setState((s) => ({ ...s, runtime: { target: t, fallbacks } }));
        },
      });
      urls.current = res.artifacts.map((a) => a.url);
      const labelArt = res.artifacts.find((a) => /\.nii(\.gz)?$/i.test(a.name));
      const reportArt = res.artifacts.find((a) => a.mediaType.includes('json'));
      const rep = reportArt ? JSON.parse(new TextDecoder().decode(reportArt.bytes)) : null;
      setState((s) => ({
        ...s, phase: 'succeeded', artifacts: res.artifacts, image: res.image,
        labels: labelArt ? readNifti(labelArt.bytes) : null,
        report: rep?.kind === 'label-volumes' && Array.isArray(rep.labels) ? rep.labels : null,
      }));
      outcome = { status: 'succeeded', labelCounts: labelArt?.labelCounts, runtime: res.target };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const code = (e as { code?: string })?.code ?? 'BROWSER_RUN_FAILED';
      setState((s) => ({ ...s, phase: 'failed', error: message }));
      outcome = { status: 'failed', error: { code, message: message.slice(0, 2000) }, runtime: target };
    }
    try {
      const { runId } = await record.mutateAsync({
        versionId, inputSha256: scan.sha256, inputName: scan.name, inputSize: scan.size, format: scan.format,
        nodes: nodes.filter((n) => n.status !== 'pending').map((n) => ({ nodeId: n.nodeId, kind: n.kind, ms: n.ms, status: n.status === 'running' ? 'cancelled' : (n.status as 'succeeded' | 'failed') })),
        ...outcome,
      });
      setState((s) => ({ ...s, recordedRunId: runId }));
      await qc.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    } catch (e) {
      setState((s) => ({ ...s, recordError: e instanceof Error ? e.message : String(e) }));
    }
  }, [graph, versionId, qc, trpc, record]);

  return { state, run };
}
