import type { KernelContext, RunInput } from '../runtimes/core/kernel';
import type { RunDeps } from './contract';

/** Progress rows are written at most this often (ms); heartbeats are throttled by Temporal itself. */
const PROGRESS_INTERVAL_MS = 500;

/**
 * The KernelContext every executor hands to kernels: blobs for inputs and artifacts, the
 * model resolver and inference runtime of this process, and a progress callback that records
 * (throttled, best effort) and forwards to `onProgress` (the Temporal heartbeat).
 */
export function createKernelContext(
  deps: RunDeps,
  args: { runId: string; nodeId: string; input: RunInput; provenance?: KernelContext['provenance']; signal?: AbortSignal; onProgress?: (fraction: number) => void },
): KernelContext {
  let lastWrite = 0;
  return {
    runId: args.runId,
    nodeId: args.nodeId,
    input: args.input,
    signal: args.signal,
    ...(args.provenance ? { provenance: args.provenance } : {}),
    inference: deps.inference,
    readBlob: (sha256) => deps.blobs.read(sha256),
    ...(deps.blobs.path ? { blobPath: deps.blobs.path.bind(deps.blobs) } : {}),
    resolveModel: (ref) => deps.resolveModel(ref),
    async writeArtifact(file) {
      const { sha256, size } = await deps.blobs.putBytes(file.bytes);
      return {
        nodeId: args.nodeId,
        name: file.name,
        mediaType: file.mediaType,
        sha256,
        size,
        ...(file.labelCounts ? { labelCounts: file.labelCounts } : {}),
      };
    },
    progress(fraction) {
      args.onProgress?.(fraction);
      const now = Date.now();
      if (now - lastWrite < PROGRESS_INTERVAL_MS && fraction < 1) return;
      lastWrite = now;
      deps.recorder.nodeProgress(args.runId, args.nodeId, Math.min(1, Math.max(0, fraction))).catch(() => {});
    },
  };
}
