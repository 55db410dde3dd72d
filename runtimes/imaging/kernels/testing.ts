import type { Artifact, KernelContext } from '../../core/kernel';
import type { InferenceRuntime } from '../../core/inference';

/** A KernelContext for kernel tests: artifacts kept in memory, progress recorded, no models. */
export function testContext(over: Partial<KernelContext> = {}) {
  const files: { name: string; mediaType: string; bytes: Uint8Array; labelCounts?: Record<string, number> }[] = [];
  const progress: number[] = [];
  const inference: InferenceRuntime = {
    target: 'server-cpu',
    run: () => Promise.reject(new Error('no inference in this test')),
    dispose: async () => {},
  };
  const ctx: KernelContext = {
    runId: 'run-test',
    nodeId: 'node-test',
    input: { format: 'nifti', files: [] },
    readBlob: () => Promise.reject(new Error('no blobs in this test')),
    writeArtifact: async (file): Promise<Artifact> => {
      files.push(file);
      return { nodeId: 'node-test', name: file.name, mediaType: file.mediaType, sha256: '0'.repeat(64), size: file.bytes.length, labelCounts: file.labelCounts };
    },
    resolveModel: async (ref) => ({ sha256: 'sha256' in ref ? ref.sha256 : 'f'.repeat(64) }),
    inference,
    progress: (f) => progress.push(f),
    ...over,
  };
  return { ctx, files, progress };
}
