'use client';
import type { PipelineGraph } from '../../domain/graph/schema';
import type { ModelRef, ModelSignature } from '../../domain/models/signature';
import { specOf } from '../../domain/nodes/catalogue';
import type { Artifact, Kernel } from '../../runtimes/core/kernel';
import { interpretGraph } from '../../runtimes/core/interpreter';
import type { ModelHandle } from '../../runtimes/core/inference';
import { memoryContext, type MemoryArtifact } from '../../runtimes/core/memory-context';
import type { VolumeValue } from '../../runtimes/core/values';
import { lookupKernel } from '../../runtimes/core/registry';
import { sha256Hex } from '../../domain/sha256';
import type { LocalScan } from './browser-input';
import { resolveBrowserRuntime } from './browser-runtime';

/** An output kept in page memory (object URL for viewing/downloading); never uploaded. */
export interface LocalArtifact extends MemoryArtifact {
  url: string;
}

export interface BrowserNodeEvent {
  nodeId: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed';
  ms?: number;
  progress?: number;
  error?: string;
}

export interface BrowserRunResult {
  target: string;
  fallbacks: { target: string; message: string }[];
  artifacts: LocalArtifact[];
  /** The input node's volume (the scan as the pipeline read it), for the viewer. */
  image: VolumeValue | null;
}

type Signature = Pick<ModelSignature, 'inputs' | 'outputs'>;

/** Lets the page paint (progress rows) between CPU-bound kernels that run on the main thread. */
const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Runs a pinned pipeline version in this page: the shared interpreter and kernels, inference
 * through the browser runtime the registry resolves (WebGPU, else wasm in ORT's own worker
 * threads). Kernels themselves run on the main thread. Models are fetched from the blob store
 * (they are not patient data); the scan's bytes come only from `scan` (the File API).
 */
export async function runInBrowser(args: {
  graph: PipelineGraph;
  scan: LocalScan;
  signature: (sha256: string) => Promise<Signature | undefined>;
  onNode: (e: BrowserNodeEvent) => void;
  onRuntime?: (target: string, fallbacks: BrowserRunResult['fallbacks']) => void;
  signal?: AbortSignal;
}): Promise<BrowserRunResult> {
  const { runtime, failures } = await resolveBrowserRuntime();
  const fallbacks = failures.map((f) => ({ target: f.target, message: f.error.message }));
  args.onRuntime?.(runtime.target, fallbacks);
  const models = new Map<string, Promise<Uint8Array>>();
  const modelBytes = (sha256: string) => {
    let p = models.get(sha256);
    if (!p) {
      p = fetch(`/api/blobs/${sha256}`).then(async (r) => {
        if (!r.ok) throw new Error(`model ${sha256.slice(0, 12)}: HTTP ${r.status}`);
        return new Uint8Array(await r.arrayBuffer());
      });
      models.set(sha256, p);
    }
    return p;
  };
  const resolveModel = async (ref: ModelRef): Promise<ModelHandle> => {
    if (!('sha256' in ref)) throw new Error('a published version pins every model by sha256');
    return { sha256: ref.sha256, bytes: () => modelBytes(ref.sha256), signature: await args.signature(ref.sha256) };
  };
  let image: VolumeValue | null = null;
  // The input node's output doubles as the viewer's image (whatever the format).
  const kernels = (kind: string, version: number): Kernel | undefined => {
    const k = lookupKernel(kind, version);
    if (!k || specOf({ kind, version })?.category !== 'input') return k;
    return { ...k, run: async (a) => {
      const out = await k.run(a);
      if (out.volume?.type === 'volume') image = out.volume;
      return out;
    } };
  };
  const { context, artifacts } = memoryContext({
    runId: 'browser',
    input: args.scan.input,
    blobs: args.scan.bytes,
    inference: runtime,
    resolveModel,
    signal: args.signal,
    progress: (nodeId, fraction) => args.onNode({ nodeId, kind: '', status: 'running', progress: fraction }),
  });
  await interpretGraph(args.graph, {
    kernels,
    context,
    observer: {
      started: async (nodeId, kind) => {
        args.onNode({ nodeId, kind, status: 'running' });
        await yieldToPage();
      },
      finished: async (r) => {
        args.onNode({ nodeId: r.id, kind: r.kind, status: 'succeeded', ms: r.ms });
        await yieldToPage();
      },
      failed: (nodeId, e) => args.onNode({ nodeId, kind: '', status: 'failed', error: e instanceof Error ? e.message : String(e) }),
    },
  });
  const local = artifacts.map((a) => ({ ...a, url: URL.createObjectURL(new Blob([a.bytes as Uint8Array<ArrayBuffer>], { type: a.mediaType })) }));
  return { target: runtime.target, fallbacks, artifacts: local, image };
}
