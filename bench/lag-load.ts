// Event-loop lag of a studio-like process (`npm run bench -- --only=lag`): embedded PGlite,
// embedded executor, the upload and scan services called in-process as the route handlers do.
// Each activity alone (to name what blocks), then all at once; monitorEventLoopDelay
// (10 ms resolution) over each phase gives p99 and max. Also a version bundle exported and
// imported into a new workspace (as the export and import routes do) and an evaluation of the
// demo version over an uploaded phantom dataset, driven by the studio's evaluation driver.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { env } from '../server/env';
import { startRun } from '../server/runs/service';
import { scanVolumeBlob } from '../server/scans/volume';
import { uploadScan } from '../server/uploads/service';
import '../server/volume-limits';
import { installNativeGzip } from '../runtimes/server/native-gzip';
import { writeDemoScan } from '../demo/scan';
import { workspaces } from '../drizzle/schema-auth';
import { createDataset } from '../server/datasets/service';
import { uploadDatasetVersion } from '../server/datasets/upload';
import { nudgeEvaluationDriver, startEvaluationDriver, stopEvaluationDriver } from '../server/evaluations/driver';
import { getEvaluation } from '../server/evaluations/repo';
import { startEvaluation } from '../server/evaluations/service';
import { exportVersion } from '../server/versions/bundle-export';
import { importVersion } from '../server/versions/bundle-import';
import { buildPhantomDataset } from '../test/eval-dataset';
import { withEmbeddedStudio } from './embedded-studio';

const r1 = (x: number) => Math.round(x * 10) / 10;

function multipart(files: { name: string; bytes: Uint8Array }[], url = 'http://bench/api/uploads/scan'): Request {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
  return new Request(url, { method: 'POST', body: form });
}

/** p99 and max lag (ms) while `work` runs. */
async function measure(work: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t = performance.now();
  await work();
  h.disable();
  // the histogram holds delays including the 10 ms resolution itself
  return { p99Ms: r1(Math.max(0, h.percentile(99) / 1e6 - 10)), maxMs: r1(Math.max(0, h.max / 1e6 - 10)), wallMs: Math.round(performance.now() - t) };
}

export async function lagBench(log: (...a: unknown[]) => void) {
  installNativeGzip(); // as instrumentation.ts does in the studio
  return withEmbeddedStudio('studio-lag-bench-', async ({ dir, db, deps, executor, demo: p }) => {
    const runs = async (n: number) => {
      for (let i = 0; i < n; i++) await executor.wait((await startRun(deps, { versionId: p.versionId, scanId: p.scanId })).runId);
    };
    const big = writeDemoScan({ size: 256 }); // the phantom at 256^3: a real, compressible .nii.gz
    const dicomDir = path.resolve(env.STUDIO_CORPUS_DIR, 'dicom', 'mr_series');
    const dicomFiles = (() => {
      try {
        return readdirSync(dicomDir).filter((f) => f.endsWith('.dcm')).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(dicomDir, f))) }));
      } catch {
        return [];
      }
    })();
    const upload = () => uploadScan(deps, multipart([{ name: 'big.nii.gz', bytes: big }]), env.UPLOAD_LIMIT_BYTES);
    const dicom = async () => {
      if (!dicomFiles.length) return;
      const { scanId } = await uploadScan(deps, multipart(dicomFiles), env.UPLOAD_LIMIT_BYTES);
      await scanVolumeBlob(deps, scanId); // the series decoded into the viewer's volume
    };
    const derive = async () => scanVolumeBlob(deps, (await upload()).scanId);
    // The demo version exported (GET /api/versions/<id>/export) and imported into a new workspace
    // (POST /api/versions/import), so that the import creates its pipeline, version and models.
    let workspace = 0;
    const bundle = async () => {
      const { zip } = await exportVersion(deps, p.versionId);
      const workspaceId = `ws_lag_${++workspace}`;
      await db.insert(workspaces).values({ id: workspaceId, name: workspaceId });
      return importVersion(deps, { workspaceId, bytes: zip });
    };
    // A phantom dataset (128^3, its exact truth as reference) uploaded as a zip, as the dataset page does.
    const { zipPath } = await buildPhantomDataset(dir);
    const dataset = await createDataset(deps, { name: 'lag phantoms' });
    const request = multipart([{ name: 'phantom-dataset.zip', bytes: new Uint8Array(readFileSync(zipPath)) }], `http://bench/api/datasets/${dataset.id}/versions`);
    const dv = await uploadDatasetVersion(deps, dataset.id, request, env.UPLOAD_LIMIT_BYTES);
    // The driver ticks as in the studio (server/ready.ts), nudged on start as the tRPC route does;
    // each evaluation another tolerance, so none is reused.
    let tolerance = 0;
    const evaluate = async () => {
      const { evaluation } = await startEvaluation(deps, { versionId: p.versionId, datasetVersionId: dv.id, toleranceMm: ++tolerance });
      nudgeEvaluationDriver();
      for (;;) {
        const status = (await getEvaluation(db, evaluation.id))?.status;
        if (status === 'succeeded') return;
        if (status !== 'running') throw new Error(`lag bench: evaluation ${evaluation.id} ended ${status}`);
        await sleep(100); // polled as the evaluation page polls
      }
    };
    startEvaluationDriver(deps, { intervalMs: 1000 });
    try {
      await runs(1); // warm-up: session, caches
      const phases: Record<string, unknown> = {};
      const alone = { runs: () => runs(3), uploadLargeNiftiGz: upload, uploadDicomSeriesAndDecode: dicom, uploadAndViewerVolume: derive, versionExportImport: bundle, datasetEvaluation: evaluate };
      for (const [name, work] of Object.entries(alone)) {
        phases[name] = await measure(work);
        log(`lag: ${name}: ${JSON.stringify(phases[name])}`);
      }
      phases.allAtOnce = await measure(() => Promise.all([runs(3), upload(), dicom(), derive(), bundle(), evaluate()]));
      log(`lag: all at once: ${JSON.stringify(phases.allAtOnce)}`);
      return { uploadBytes: big.byteLength, dicomFiles: dicomFiles.length, phases, goal: { p99Ms: 50 } };
    } finally {
      await stopEvaluationDriver();
    }
  });
}
