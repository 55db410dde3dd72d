// Segmentation metrics off the main thread: one request { pred, ref, dims, spacing, labels, toleranceMm, refMapping? }
// (label arrays transferred; the reference mapped to labels first when refMapping is given),
// answered with { metrics } or { error: { code, message, details } }. domain/evaluation/metrics.ts
// and grid.ts are TypeScript: thread-support.mjs importSource.
import { parentPort, workerData } from 'node:worker_threads';
import { importSource } from './thread-support.mjs';

try {
  const [{ labelMetrics }, { applyMapping }] = await Promise.all([importSource('domain/evaluation/metrics.ts'), importSource('domain/evaluation/grid.ts')]);
  const r = workerData;
  const ref = r.refMapping ? applyMapping(r.ref, r.refMapping) : r.ref;
  const metrics = labelMetrics({ data: r.pred, dims: r.dims, spacing: r.spacing }, { data: ref, dims: r.dims, spacing: r.refSpacing }, r.labels, { toleranceMm: r.toleranceMm });
  parentPort.postMessage({ metrics });
} catch (e) {
  parentPort.postMessage({ error: { code: e?.code ?? 'INTERNAL', message: e?.message ?? String(e), details: e?.details, domain: e?.name === 'DomainError' } });
}
