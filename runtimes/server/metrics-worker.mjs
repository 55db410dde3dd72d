// Segmentation metrics off the main thread: one request { pred, ref, dims, spacing, labels, toleranceMm, refMapping? }
// (label arrays transferred; the reference mapped to labels first when refMapping is given),
// answered with { metrics } or { error: { code, message, details } }. domain/evaluation/metrics.ts
// and grid.ts are TypeScript: loaded through tsx's loader, from this file's place in the source
// tree (or the working directory's, as worker-path.ts does).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const candidates = [path.join(here, '..', '..', 'domain', 'evaluation'), path.join(process.cwd(), 'domain', 'evaluation')];
const dir = candidates.find((c) => existsSync(path.join(c, 'metrics.ts')));
const load = (file) => tsImport(pathToFileURL(path.join(dir, file)).href, import.meta.url);

try {
  if (!dir) throw new Error(`domain/evaluation/metrics.ts not found (tried ${candidates.join(', ')})`);
  const [{ labelMetrics }, { applyMapping }] = await Promise.all([load('metrics.ts'), load('grid.ts')]);
  const r = workerData;
  const ref = r.refMapping ? applyMapping(r.ref, r.refMapping) : r.ref;
  const metrics = labelMetrics({ data: r.pred, dims: r.dims, spacing: r.spacing }, { data: ref, dims: r.dims, spacing: r.refSpacing }, r.labels, { toleranceMm: r.toleranceMm });
  parentPort.postMessage({ metrics });
} catch (e) {
  parentPort.postMessage({ error: { code: e?.code ?? 'INTERNAL', message: e?.message ?? String(e), details: e?.details, domain: e?.name === 'DomainError' } });
}
