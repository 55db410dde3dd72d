import { sha256Hex } from '../../../domain/sha256';
import { interpretGraph } from '../../core/interpreter';
import { RuntimeError } from '../../core/errors';
import type { InferenceRuntime, ModelHandle } from '../../core/inference';
import type { Artifact, KernelContext, RunInput } from '../../core/kernel';
import { lookupKernel } from '../../imaging/kernels';
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
  const blobs = new Map<string, Uint8Array>();
  const files: RunInput['files'] = [];
  for (const f of args.input.files) {
    const sha256 = await sha256Hex(f.bytes);
    blobs.set(sha256, f.bytes);
    files.push({ sha256, name: f.name, size: f.bytes.byteLength });
  }
  const input: RunInput = { format: args.input.format, files };
  const produced: (Artifact & { bytes: Uint8Array })[] = [];
  const context = (nodeId: string): KernelContext => ({
    runId: 'edge',
    nodeId,
    input,
    inference: args.inference,
    async readBlob(sha256) {
      const b = blobs.get(sha256);
      if (!b) throw new RuntimeError('BAD_NODE_INPUT', `no input file with sha256 ${sha256}`);
      return b;
    },
    async resolveModel(ref) {
      if (!('sha256' in ref)) throw new RuntimeError('MODEL_NOT_FOUND', `the bundle's graph names model file ${ref.file} instead of a pinned sha256`);
      if (!args.manifest.models.some((m) => m.sha256 === ref.sha256)) throw new RuntimeError('MODEL_NOT_FOUND', `model ${ref.sha256} is not in the bundle`);
      return args.model(ref.sha256);
    },
    async writeArtifact(file) {
      const a: Artifact & { bytes: Uint8Array } = {
        nodeId, name: file.name, mediaType: file.mediaType, sha256: await sha256Hex(file.bytes), size: file.bytes.byteLength, bytes: file.bytes,
        ...(file.labelCounts ? { labelCounts: file.labelCounts } : {}),
      };
      produced.push(a);
      return a;
    },
    progress: (fraction) => args.progress?.(nodeId, fraction),
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
