import type { PipelineGraph } from '../../domain/graph/schema';
import type { ModelRef } from '../../domain/models/signature';
import { sha256Hex } from '../../domain/sha256';
import type { InferenceRuntime, ModelHandle } from '../../runtimes/core/inference';
import { interpretGraph } from '../../runtimes/core/interpreter';
import type { Artifact, Kernel, KernelContext, RunInput } from '../../runtimes/core/kernel';
import { readModelSignature } from '../../runtimes/core/onnx-signature';
import type { TensorValue } from '../../runtimes/core/values';
import { lookupKernel } from '../../runtimes/imaging/kernels';
import type { CaseFile, CaseInput } from './cases';

/** What a target gives for one case: its artifacts (with bytes) and, where observable, the float output of each model node. */
export interface Outcome {
  artifacts: (Artifact & { bytes: Uint8Array })[];
  logits: Record<string, { dims: number[]; data: Float32Array }>;
}

/**
 * A tiny in-memory KernelContext builder for the conformance runners (in Node and in the page:
 * no Node imports). Scan files and models are held by sha256, as the blob store holds them.
 * To be swapped for the shared in-memory context of runtimes/core when that lands.
 */
export async function memoryContext(args: { input: CaseInput; models: CaseFile[]; inference: InferenceRuntime; artifacts: Outcome['artifacts'] }) {
  const blobs = new Map<string, Uint8Array>();
  const files: RunInput['files'] = [];
  for (const f of args.input.files) {
    const sha256 = await sha256Hex(f.bytes);
    blobs.set(sha256, f.bytes);
    files.push({ sha256, name: f.name, size: f.bytes.byteLength });
  }
  const models: (ModelHandle & { file: string })[] = [];
  for (const m of args.models) {
    const sha256 = await sha256Hex(m.bytes);
    models.push({ file: m.name, sha256, bytes: async () => m.bytes, signature: readModelSignature(m.bytes, sha256) });
  }
  const input: RunInput = { format: args.input.format, files };
  return (nodeId: string): KernelContext => ({
    runId: 'conformance',
    nodeId,
    input,
    inference: args.inference,
    progress: () => {},
    async readBlob(sha256) {
      const b = blobs.get(sha256);
      if (!b) throw new Error(`no blob ${sha256}`);
      return b;
    },
    async resolveModel(ref: ModelRef) {
      const m = models.find((x) => ('file' in ref ? x.file === ref.file : x.sha256 === ref.sha256));
      if (!m) throw new Error(`no model ${JSON.stringify(ref)}`);
      return m;
    },
    async writeArtifact(f) {
      const a = {
        nodeId, name: f.name, mediaType: f.mediaType, sha256: await sha256Hex(f.bytes), size: f.bytes.byteLength,
        ...(f.labelCounts ? { labelCounts: f.labelCounts } : {}),
      };
      args.artifacts.push({ ...a, bytes: f.bytes });
      return a;
    },
  });
}

/** Runs a case's graph with the shared interpreter and kernels on `inference`, keeping every model node's output. */
export async function runInMemory(graph: PipelineGraph, input: CaseInput, models: CaseFile[], inference: InferenceRuntime): Promise<Outcome> {
  const outcome: Outcome = { artifacts: [], logits: {} };
  const context = await memoryContext({ input, models, inference, artifacts: outcome.artifacts });
  const kernels = (kind: string, version: number): Kernel | undefined => {
    const k = lookupKernel(kind, version);
    if (!k || kind !== 'model.onnx') return k;
    return {
      ...k,
      run: async (a) => {
        const out = await k.run(a);
        const t = out.output as TensorValue;
        outcome.logits[a.node.id] = { dims: t.dims, data: t.data };
        return out;
      },
    };
  };
  await interpretGraph(graph, { kernels, context });
  return outcome;
}
