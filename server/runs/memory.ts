import type { RunEstimate } from '../../domain/cost/estimate';
import { env } from '../env';
import { ServiceError } from '../errors';

/**
 * A run starts only if its estimated peak memory (domain/cost/peak-memory.ts: live values along
 * the plan plus each node's working set) fits STUDIO_RUN_MEMORY_LIMIT_BYTES; checked before any
 * reservation or run row is written. No estimate (the cost model could not run): not checked.
 */
export function assertRunMemoryFits(estimate: RunEstimate | undefined): void {
  if (!estimate?.peakMemory) return;
  const limitBytes = env.STUDIO_RUN_MEMORY_LIMIT_BYTES;
  const { peakBytes, atNodeId } = estimate.peakMemory;
  if (peakBytes <= limitBytes) return;
  throw new ServiceError(
    'RUN_MEMORY_EXCEEDED',
    `the run needs an estimated ${peakBytes} bytes of memory at node ${atNodeId}; the limit is ${limitBytes} (STUDIO_RUN_MEMORY_LIMIT_BYTES)`,
    { estimateBytes: peakBytes, limitBytes, atNodeId },
  );
}
