import type { PipelineGraph } from '../../domain/graph/schema';
import { sha256Hex } from '../../domain/sha256';
import type { InferenceRuntime, ModelHandle } from '../../runtimes/core/inference';
import { interpretGraph } from '../../runtimes/core/interpreter';
import type { Artifact, Kernel, KernelContext } from '../../runtimes/core/kernel';
import { memoryContext, memoryInput } from '../../runtimes/core/memory-context';
import { readModelSignature } from '../../runtimes/core/onnx-signature';
import { lookupKernel } from '../../runtimes/core/registry';
import type { TensorValue } from '../../runtimes/core/values';
import '../../runtimes/imaging/kernels';
import type { CaseFile, CaseInput } from './cases';

/** What a target gives for one case: its artifacts (with bytes) and, where observable, the float output of each model node. */
export interface Outcome {
  artifacts: (Artifact & { bytes: Uint8Array })[];
  logits: Record<string, { dims: number[]; data: Float32Array }>;
}

/** Runs a case's graph with the shared interpreter, kernels and in-memory context on `inference`, keeping every model node's output. */
export async function runInMemory(graph: PipelineGraph, input: CaseInput, models: CaseFile[], inference: InferenceRuntime, provenance?: KernelContext['provenance']): Promise<Outcome> {
  const logits: Outcome['logits'] = {};
  const held: (ModelHandle & { file: string })[] = [];
  for (const m of models) {
    const sha256 = await sha256Hex(m.bytes);
    held.push({ file: m.name, sha256, bytes: async () => m.bytes, signature: readModelSignature(m.bytes, sha256) });
  }
  const { input: runInput, blobs } = await memoryInput(input.format, input.files);
  const { context, artifacts } = memoryContext({
    runId: 'conformance',
    input: runInput,
    blobs,
    inference,
    provenance,
    async resolveModel(ref) {
      const m = held.find((x) => ('file' in ref ? x.file === ref.file : x.sha256 === ref.sha256));
      if (!m) throw new Error(`no model ${JSON.stringify(ref)}`);
      return m;
    },
  });
  const kernels = (kind: string, version: number): Kernel | undefined => {
    const k = lookupKernel(kind, version);
    if (!k || kind !== 'model.onnx') return k;
    return {
      ...k,
      run: async (a) => {
        const out = await k.run(a);
        const t = out.output as TensorValue;
        logits[a.node.id] = { dims: t.dims, data: t.data };
        return out;
      },
    };
  };
  await interpretGraph(graph, { kernels, context });
  return { artifacts, logits };
}
