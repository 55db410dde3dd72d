import type { KernelContext } from '../../core/kernel';
import { memoryContext } from '../../core/memory-context';

/** A KernelContext for kernel tests (runtimes/core/memory-context): artifacts kept in memory, progress recorded, no models. */
export function testContext(over: Partial<KernelContext> = {}) {
  const progress: number[] = [];
  const { context, artifacts: files } = memoryContext({
    runId: 'run-test',
    input: { format: 'nifti', files: [] },
    inference: { target: 'server-cpu', run: () => Promise.reject(new Error('no inference in this test')), dispose: async () => {} },
    resolveModel: async (ref) => ({ sha256: 'sha256' in ref ? ref.sha256 : 'f'.repeat(64) }),
    progress: (_nodeId, f) => progress.push(f),
    hash: () => '0'.repeat(64),
  });
  const ctx: KernelContext = { ...context('node-test'), ...over };
  return { ctx, files, progress };
}
