// Segmentation metrics off the main thread: one request { pred, ref, dims, spacing, labels, toleranceMm }
// (label arrays transferred), answered with { metrics } or { error: { code, message, details } }.
// domain/evaluation/metrics.ts is TypeScript: loaded through tsx's loader, from this file's
// place in the source tree (or the working directory's, as worker-path.ts does).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const candidates = [path.join(here, '..', '..', 'domain', 'evaluation', 'metrics.ts'), path.join(process.cwd(), 'domain', 'evaluation', 'metrics.ts')];
const file = candidates.find((c) => existsSync(c));

try {
  if (!file) throw new Error(`domain/evaluation/metrics.ts not found (tried ${candidates.join(', ')})`);
  const { labelMetrics } = await tsImport(pathToFileURL(file).href, import.meta.url);
  const r = workerData;
  const metrics = labelMetrics({ data: r.pred, dims: r.dims, spacing: r.spacing }, { data: r.ref, dims: r.dims, spacing: r.refSpacing }, r.labels, { toleranceMm: r.toleranceMm });
  parentPort.postMessage({ metrics });
} catch (e) {
  parentPort.postMessage({ error: { code: e?.code ?? 'INTERNAL', message: e?.message ?? String(e), details: e?.details, domain: e?.name === 'DomainError' } });
}
