import { sha256Hex } from '../../../domain/sha256';
import { interpretGraph } from '../../core/interpreter';
import { RuntimeError } from '../../core/errors';
import type { InferenceRuntime, ModelHandle } from '../../core/inference';
import type { Artifact, RunInput } from '../../core/kernel';
import { memoryContext, memoryInput } from '../../core/memory-context';
import { lookupKernel } from '../../core/registry';
import '../../imaging/kernels'; // registers the catalogue's kernels
import type { BundleManifest } from '../manifest';

export interface BundleInputFile {
  name: string;
  bytes: Uint8Array;
}

export interface BundleOutput extends Omit<Artifact, 'sha256'> {
  /** File name in the output folder: the artifact name, prefixed with the node id when two share one. */
  file: string;
  sha256: string;
  bytes: Uint8Array;
}

export interface BundleRunResult {
  nodes: { id: string; kind: string; ms: number }[];
  outputs: BundleOutput[];
}

/**
 * Runs a bundle's pipeline with the project's own interpreter and kernels (the same code the
 * server runs, bundled), on whatever inference runtime the runner provides. Scan files are
 * served to the input kernels by content hash, exactly as the blob store does on the server.
 */
export async function runBundle(args: {
  manifest: BundleManifest;
  input: { format: RunInput['format']; files: BundleInputFile[] };
  inference: InferenceRuntime;
  model: (sha256: string) => ModelHandle;
  progress?: (nodeId: string, fraction: number) => void;
}): Promise<BundleRunResult> {
  const expected = args.manifest.input.map((i) => i.format);
  if (expected.length && !expected.includes(args.input.format)) {
    throw new RuntimeError('UNSUPPORTED_FORMAT', `this pipeline reads ${args.manifest.input.map((i) => i.description).join(' or ')}; got ${args.input.format}`);
  }
  const { input, blobs } = await memoryInput(args.input.format, args.input.files);
  const { context, artifacts: produced } = memoryContext({
    runId: 'edge',
    input,
    blobs,
    inference: args.inference,
    async resolveModel(ref) {
      if (!('sha256' in ref)) throw new RuntimeError('MODEL_NOT_FOUND', `the bundle's graph names model file ${ref.file} instead of a pinned sha256`);
      if (!args.manifest.models.some((m) => m.sha256 === ref.sha256)) throw new RuntimeError('MODEL_NOT_FOUND', `model ${ref.sha256} is not in the bundle`);
      return args.model(ref.sha256);
    },
    progress: (nodeId, fraction) => args.progress?.(nodeId, fraction),
  });
  const result = await interpretGraph(args.manifest.pipeline.graph, { kernels: lookupKernel, context });
  const names = produced.map((a) => a.name);
  return {
    nodes: result.nodes.map((n) => ({ id: n.id, kind: n.kind, ms: Math.round(n.ms * 10) / 10 })),
    outputs: produced.map((a) => ({ ...a, file: names.indexOf(a.name) === names.lastIndexOf(a.name) ? a.name : `${a.nodeId}-${a.name}` })),
  };
}

/** The JSON summary both runners print (no bytes). */
export function summary(r: BundleRunResult) {
  return { nodes: r.nodes, outputs: r.outputs.map(({ bytes: _bytes, ...o }) => o) };
}
