import { sha256Hex } from '../../domain/sha256';
import type { ModelRef } from '../../domain/models/signature';
import { RuntimeError } from './errors';
import type { InferenceRuntime, ModelHandle } from './inference';
import type { Artifact, KernelContext, RunInput } from './kernel';

/** The run input of files held in memory, and their bytes by sha256 (what a blob store would hold). */
export async function memoryInput(format: RunInput['format'], files: { name: string; bytes: Uint8Array }[]) {
  const blobs = new Map<string, Uint8Array>();
  const refs: RunInput['files'] = [];
  for (const f of files) {
    const sha256 = await sha256Hex(f.bytes);
    blobs.set(sha256, f.bytes);
    refs.push({ sha256, name: f.name, size: f.bytes.byteLength });
  }
  return { input: { format, files: refs } satisfies RunInput, blobs };
}

export type MemoryArtifact = Artifact & { bytes: Uint8Array };

export interface MemoryContextOptions {
  runId: string;
  input: RunInput;
  /** The input files' bytes by sha256. */
  blobs?: ReadonlyMap<string, Uint8Array>;
  inference: InferenceRuntime;
  resolveModel(ref: ModelRef): Promise<ModelHandle>;
  progress?(nodeId: string, fraction: number, message?: string): void;
  signal?: AbortSignal;
  provenance?: KernelContext['provenance'];
  /** Keep the artifacts' bytes (default); false keeps no artifacts at all (the bench: records only). */
  keepArtifacts?: boolean;
  /** How artifacts are hashed (default sha256Hex; kernel tests pass a constant). */
  hash?(bytes: Uint8Array): string | Promise<string>;
}

/**
 * The KernelContext of a run with no database and no blob store: the input files and the
 * artifacts live in memory. The browser, the edge runners, the bench and tests all build
 * theirs here (the server's, over the blob store, is workflows/context.ts).
 */
export function memoryContext(opts: MemoryContextOptions): { context(nodeId: string): KernelContext; artifacts: MemoryArtifact[] } {
  const artifacts: MemoryArtifact[] = [];
  const hash = opts.hash ?? sha256Hex;
  const context = (nodeId: string): KernelContext => ({
    runId: opts.runId,
    nodeId,
    input: opts.input,
    inference: opts.inference,
    signal: opts.signal,
    ...(opts.provenance ? { provenance: opts.provenance } : {}),
    async readBlob(sha256) {
      const b = opts.blobs?.get(sha256);
      if (!b) throw new RuntimeError('BAD_NODE_INPUT', `no input file with sha256 ${sha256}`);
      return b;
    },
    resolveModel: (ref) => opts.resolveModel(ref),
    async writeArtifact(file) {
      const a: Artifact = {
        nodeId, name: file.name, mediaType: file.mediaType, sha256: await hash(file.bytes), size: file.bytes.byteLength,
        ...(file.labelCounts ? { labelCounts: file.labelCounts } : {}),
      };
      if (opts.keepArtifacts !== false) artifacts.push({ ...a, bytes: file.bytes });
      return a;
    },
    progress: (fraction, message) => opts.progress?.(nodeId, fraction, message),
  });
  return { context, artifacts };
}
