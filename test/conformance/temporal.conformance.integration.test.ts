import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { createServerRuntime, type ServerRuntime } from '../../runtimes/server';
import { LocalBlobStore } from '../../server/blobs/local-store';
import type { ServiceDeps } from '../../server/context';
import { registerModelBytes } from '../../server/models/service';
import { createRunDepsFor } from '../../server/runs/deps';
import { provenanceOf, startRun } from '../../server/runs/service';
import { getVersion } from '../../server/versions/repo';
import type { Provenance } from '../../workflows/contract';
import { createScanFromBytes } from '../../server/scans/service';
import { createTemporalExecutor } from '../../workflows/temporal-executor';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';
import { publish } from '../material';
import { loadGraph, type ConformanceCase } from './cases';
import { expectConforms } from './compare';
import type { Outcome } from './run-in-memory';
import { eachCase, inProcessReference } from './suite';

/**
 * The Temporal target: each case published as a pipeline version, run as a workflow on a real
 * dev server (worker in this process, the server's run deps: blob store, DICOM file fast path,
 * onnxruntime-node pool), its artifacts read back from the blob store and compared with the
 * in-process reference computed here.
 */
let tdb: TestDatabase;
let temporal: TemporalTestServer;
let dataDir: string;
let inference: ServerRuntime;
let svc: ServiceDeps;
let executor: ReturnType<typeof createTemporalExecutor>;

beforeAll(async () => {
  [tdb, temporal] = await Promise.all([createTestDatabase(), startTemporalServer()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'conformance-temporal-'));
  inference = createServerRuntime({ size: 1, intraOpNumThreads: 2 });
  svc = { db: tdb.db, blobs: new LocalBlobStore(dataDir) };
  const deps = createRunDepsFor(tdb.db, svc.blobs, inference);
  executor = createTemporalExecutor({ address: temporal.address, namespace: temporal.namespace, taskQueue: 'conformance', inProcessWorker: deps });
});

afterAll(async () => {
  await executor?.close();
  await inference?.dispose();
  await temporal?.stop();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A published run: its outcome, and the provenance (version, model hashes) its DICOM outputs record. */
async function runTemporal(c: ConformanceCase): Promise<{ outcome: Outcome; provenance: Provenance }> {
  for (const m of c.models()) await registerModelBytes(svc, { fileName: m.name, bytes: m.bytes });
  const scan = await createScanFromBytes(svc, { files: c.input().files.map((f) => ({ fileName: f.name, bytes: f.bytes })) });
  const { versionId } = await publish(svc, loadGraph(c), scan.id);
  const { runId } = await startRun({ ...svc, executor: async () => executor }, { versionId, scanId: scan.id });
  const provenance = provenanceOf((await getVersion(svc.db, versionId))!);
  const result = await executor.wait(runId);
  expect(result.error, `${c.id} on Temporal`).toBeNull();
  expect(result.status).toBe('succeeded');
  return { outcome: { artifacts: await Promise.all(result.artifacts.map(async (a) => ({ ...a, bytes: await svc.blobs.read(a.sha256) }))), logits: {} }, provenance };
}

describe('conformance: Temporal workflow (real dev server) against the in-process reference', () => {
  eachCase(async (c) => {
    const { outcome, provenance } = await runTemporal(c);
    // The reference records the same version and models (a SEG names what made it).
    expectConforms(c, await inProcessReference(c, inference, provenance), outcome, { target: 'temporal', sameBytes: true });
  });
});
