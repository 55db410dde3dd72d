// The memory peak (process RSS) of the largest scan the default limits accept, uploaded and its
// volume derived: 512 x 512 x N float32, N the most slices STUDIO_MAX_VOXELS allows (default
// 10^8: 512 x 512 x 381, 381 MiB of voxels, under STUDIO_MAX_VOLUME_BYTES). Upload through the streaming multipart service
// (header judged, whole gzip stream checked), then the viewer volume (served as stored for
// .nii.gz) and the run's reader (readNifti: gunzip + volume, what input.nifti does).
// Run alone, in a fresh process (maxRSS is per process):
//   node --import ./cli/register.mjs bench/largest-scan.ts   (needs the test PostgreSQL)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalBlobStore } from '../server/blobs/local-store';
import { env } from '../server/env';
import type { ServiceDeps } from '../server/context';
import { estimateGraph, setCalibrationSource } from '../server/cost/service';
import { listPipelineDtos } from '../server/pipelines/service';
import { scanVolumeBlob } from '../server/scans/volume';
import { DEMO_PIPELINE, seedDemo } from '../server/seed';
import { requireVersion } from '../server/versions/service';
import { uploadScan } from '../server/uploads/service';
import '../server/volume-limits';
import { createTestDatabase } from '../drizzle/test-db';
import { readNifti } from '../runtimes/imaging/nifti/read';
import { installNativeGzip } from '../runtimes/server/native-gzip';
import { niftiGz } from '../test/nifti-bomb';

const MiB = 1024 * 1024;
const ZERO_SPEEDS = {
  ortCpuSecondsPerGflop: 0, ortCpuSecondsPerGB: 0, ortCallCpuSeconds: 0, ortWallPerCpu: 1, jsCpuSecondsPerGB: 0,
  inflateCpuSecondsPerGB: 0, deflateCpuSecondsPerGB: 0, deflateRatio: 0.1, baselineRssBytes: 0,
};
const rssPeakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rssNowMiB = () => Math.round(process.memoryUsage().rss / MiB);
const dims = [512, 512, Math.floor(env.STUDIO_MAX_VOXELS / (512 * 512))];

installNativeGzip();
// PostgreSQL in its own process (drizzle/test-db.ts: 127.0.0.1:5432), so this process's RSS is the studio's share.
const dir = mkdtempSync(path.join(tmpdir(), 'studio-largest-scan-'));
const t0 = await createTestDatabase();
const db = t0.db;
try {
  const deps: ServiceDeps = { db, blobs: new LocalBlobStore(path.join(dir, 'blobs')) };
  const baseline = rssPeakMiB();
  const bytes = niftiGz(dims, 'float32');
  const form = new FormData();
  form.append('files', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'largest.nii.gz');
  let t = performance.now();
  const { scanId } = await uploadScan(deps, new Request('http://bench/api/uploads/scan', { method: 'POST', body: form }), env.UPLOAD_LIMIT_BYTES);
  const uploadMs = performance.now() - t;
  const afterUpload = rssPeakMiB();
  t = performance.now();
  const vol = await scanVolumeBlob(deps, scanId);
  const volume = readNifti(await deps.blobs.read(vol.sha256));
  const deriveMs = performance.now() - t;
  // The demo segmentation's estimated run peak on this scan, against STUDIO_RUN_MEMORY_LIMIT_BYTES
  // (shapes only: the calibration's speeds do not enter the memory estimate).
  setCalibrationSource(async () => ({ ...ZERO_SPEEDS, measuredAt: new Date().toISOString(), host: 'bench' }));
  await seedDemo(deps, { corpusDir: path.join(dir, 'no-corpus') });
  const demo = (await listPipelineDtos(deps)).find((p) => p.name === DEMO_PIPELINE)!.activeVersion!;
  const { estimate } = await estimateGraph(deps, (await requireVersion(deps, demo.id)).graph, scanId);
  console.log(
    JSON.stringify({
      case: `${dims.join('x')} float32 (${(dims[0] * dims[1] * dims[2]) / MiB} Mi voxels, ${(volume.data.byteLength / MiB).toFixed(0)} MiB of voxels), ${(bytes.length / 1024).toFixed(0)} KiB .nii.gz`,
      limits: { maxVoxels: env.STUDIO_MAX_VOXELS, maxVolumeBytes: env.STUDIO_MAX_VOLUME_BYTES },
      rssPeakMiB: { baseline, afterUpload, afterVolumeDerived: rssPeakMiB() },
      rssNowMiB: rssNowMiB(),
      demoRunEstimatedPeakMiB: Math.round(estimate.peakMemory.peakBytes / MiB),
      runMemoryLimitMiB: env.STUDIO_RUN_MEMORY_LIMIT_BYTES / MiB,
      ms: { upload: Math.round(uploadMs), derive: Math.round(deriveMs) },
    }),
  );
} finally {
  await t0.drop();
  rmSync(dir, { recursive: true, force: true });
}
