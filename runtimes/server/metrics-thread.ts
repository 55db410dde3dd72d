import { Worker } from 'node:worker_threads';
import { applyMapping, type ValueMapping } from '../../domain/evaluation/grid';
import { labelMetrics, type LabelGrid } from '../../domain/evaluation/metrics';
import type { LabelMetrics } from '../../domain/evaluation/types';
import { DomainError, type DomainErrorCode } from '../../domain/errors';
import { RuntimeError } from '../core/errors';
import { workerPath } from './worker-path';

/** Below this many voxels the metrics take a few tens of ms at most: computed inline. */
export const INLINE_VOXELS = 64 ** 3;

type Grid = LabelGrid & { data: Uint8Array | Uint16Array };
type Answer = { metrics?: LabelMetrics[]; error?: { code: string; message: string; details?: Record<string, unknown>; domain?: boolean } };

/**
 * labelMetrics (domain/evaluation/metrics.ts) of two label maps, on a worker thread of its own
 * for grids above INLINE_VOXELS so the event loop (requests, the run heartbeats) keeps going;
 * with `refMapping`, the reference's values are first mapped to labels (applyMapping, grid.ts) there too.
 * The label arrays are transferred: the caller must not use them afterwards. Domain errors
 * (GRID_MISMATCH, GRID_TOO_LARGE, BAD_PARAMS) come back as DomainError.
 */
export async function labelMetricsOffThread(pred: Grid, ref: Grid, labels: readonly number[], opts: { toleranceMm: number; refMapping?: ValueMapping }): Promise<LabelMetrics[]> {
  const inline = () => labelMetrics(pred, opts.refMapping ? { ...ref, data: applyMapping(ref.data, opts.refMapping) } : ref, labels, opts);
  if (pred.data.length <= INLINE_VOXELS) return inline();
  const refMapping = opts.refMapping && { entries: opts.refMapping.entries.map((e) => ({ reference: e.reference, label: e.label })) };
  const workerData = { pred: pred.data, ref: ref.data, dims: [...pred.dims], spacing: [...pred.spacing], refSpacing: [...ref.spacing], labels: [...labels], toleranceMm: opts.toleranceMm, refMapping };
  if (ref.dims.some((d, a) => d !== pred.dims[a])) return inline(); // throws GRID_MISMATCH at once
  const transfer = [pred.data.buffer, ref.data.buffer].filter((b, i, all) => all.indexOf(b) === i) as ArrayBuffer[];
  const answer = await new Promise<Answer>((resolve, reject) => {
    const worker = new Worker(workerPath('metrics-worker.mjs'), { workerData, transferList: transfer, execArgv: [] });
    worker.once('message', (m: Answer) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new RuntimeError('RUNTIME_UNAVAILABLE', `the metrics thread exited (${code}) without an answer`)));
  });
  if (answer.metrics) return answer.metrics;
  const e = answer.error!;
  if (e.domain) throw new DomainError(e.code as DomainErrorCode, e.message, e.details);
  throw new RuntimeError('RUNTIME_UNAVAILABLE', `metrics thread: ${e.message}`);
}
