import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalBlobStore } from '../blobs/local-store';
import { createRunDepsFor } from './deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import { createTemporalExecutor } from '../../workflows/temporal-executor';
import type { Executor, RunDeps, RunResult } from '../../workflows/contract';
import type { ServiceDeps } from '../context';
import { insertScan } from '../scans/repo';
import { startRun } from './service';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { runNodes, runs } from '../../drizzle/schema';
import { createServerRuntime, type ServerRuntime } from '../../runtimes/server';
import { BRAIN_CORPUS, hasCorpus, prepareBrainCrop, prepareDemo, type Prepared } from '../../test/material';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';
import { startWorkerProcess } from '../../test/worker-process';

/**
 * The Temporal executor against a real dev server and a fresh PostgreSQL database: same
 * artifacts as the embedded interpreter, one run_nodes row per node, and a run that survives
 * its worker being killed (SIGKILL) half-way without recomputing finished nodes whose outputs were stored.
 */
let tdb: TestDatabase;
let server: TemporalTestServer;
let dataDir: string;
let inference: ServerRuntime;
let deps: RunDeps;
let svc: ServiceDeps;

beforeAll(async () => {
  [tdb, server] = await Promise.all([createTestDatabase(), startTemporalServer()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-wf-'));
  inference = createServerRuntime({ size: 1, intraOpNumThreads: 2 });
  const blobs = new LocalBlobStore(dataDir);
  deps = createRunDepsFor(tdb.db, blobs, inference);
  svc = { db: tdb.db, blobs };
});

afterAll(async () => {
  await inference?.dispose();
  await server?.stop();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function run(executor: Executor, p: Prepared): Promise<RunResult> {
  const { runId } = await startRun({ ...svc, executor: async () => executor }, { versionId: p.versionId, scanId: p.scanId });
  return executor.wait(runId);
}

const hashes = (r: RunResult) => r.artifacts.map((a) => `${a.nodeId}/${a.name}:${a.sha256}`);

async function nodeRows(runId: string) {
  return tdb.db.select().from(runNodes).where(eq(runNodes.runId, runId));
}

async function compareExecutors(p: Prepared) {
  const embedded = await run(createEmbeddedExecutor(deps), p);
  expect(embedded.error).toBeNull();
  const temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue: 'studio-test', inProcessWorker: deps });
  try {
    const result = await run(temporal, p);
    expect(result.error).toBeNull();
    expect(result.status).toBe('succeeded');
    expect(hashes(result)).toEqual(hashes(embedded));
    expect(result.artifacts.length).toBeGreaterThanOrEqual(3);
    const rows = await nodeRows(result.runId);
    expect(rows.map((r) => r.nodeId).sort()).toEqual(p.graph.nodes.map((n) => n.id).sort());
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
    const [runRow] = await tdb.db.select().from(runs).where(eq(runs.id, result.runId));
    expect(runRow.status).toBe('succeeded');
    expect(runRow.artifacts.map((a) => a.sha256)).toEqual(result.artifacts.map((a) => a.sha256));
  } finally {
    await temporal.close();
  }
}

describe('pipeline workflow on a real Temporal dev server', () => {
  it('gives the embedded executor\'s artifacts on the demo (phantom + tissue classifier)', async () => {
    await compareExecutors(await prepareDemo(svc));
  });

  it.runIf(hasCorpus)(BRAIN_CORPUS.title('gives the embedded executor\'s artifacts on the brainchop 64^3 crop (corpus)'), async () => {
    await compareExecutors(await prepareBrainCrop(svc));
  });

  it('fails a run on a user error at once (no retries) with the kernel\'s error code', async () => {
    const p = await prepareDemo(svc);
    // A scan row whose bytes are not NIfTI (uploads are checked; this bypasses the check on purpose).
    const garbage = await svc.blobs.putBytes(new TextEncoder().encode('not a volume at all'.repeat(40)));
    const scan = await insertScan(tdb.db, { id: `scan_garbage_${Date.now()}`, name: 'garbage', format: 'nifti', files: [{ ...garbage, name: 'garbage.nii' }], sizeBytes: garbage.size });
    const temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue: 'studio-test', inProcessWorker: deps });
    try {
      const { runId } = await startRun({ ...svc, executor: async () => temporal }, { versionId: p.versionId, scanId: scan.id });
      const result = await temporal.wait(runId);
      expect(result.status).toBe('failed');
      expect(result.error?.code).toMatch(/^(UNSUPPORTED_FORMAT|CORRUPT_INPUT|TRUNCATED_INPUT)$/);
      const [runRow] = await tdb.db.select().from(runs).where(eq(runs.id, runId));
      expect(runRow).toMatchObject({ status: 'failed', error: { code: result.error!.code } });
      const input = (await nodeRows(runId)).find((r) => r.nodeId === 'input')!;
      expect(input).toMatchObject({ status: 'failed', attempts: 1, error: { code: result.error!.code } });
    } finally {
      await temporal.close();
    }
  });

  it('cancels a running run: the workflow records it as cancelled', async () => {
    const p = await prepareDemo(svc, { size: 160 });
    const temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue: 'studio-test', inProcessWorker: deps });
    try {
      const { runId } = await startRun({ ...svc, executor: async () => temporal }, { versionId: p.versionId, scanId: p.scanId });
      // Cancel once a node has finished (the run is going): waits for that row, not for a time.
      await vi.waitFor(async () => expect((await nodeRows(runId)).some((r) => r.status === 'succeeded')).toBe(true), { timeout: 60_000, interval: 20 });
      await temporal.cancel(runId);
      const result = await temporal.wait(runId);
      expect(result).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
      const [runRow] = await tdb.db.select().from(runs).where(eq(runs.id, runId));
      expect(runRow).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
      expect((await nodeRows(runId)).some((r) => r.status === 'running')).toBe(false);
    } finally {
      await temporal.close();
    }
  });

  it('completes a run whose worker is killed mid-run, without recomputing the finished nodes whose outputs were stored', async () => {
    // A larger phantom so the model and outputs take long enough to kill the worker in between.
    const p = await prepareDemo(svc, { size: 192 });
    const reference = await run(createEmbeddedExecutor(deps), p);
    expect(reference.error).toBeNull();

    const taskQueue = `studio-kill-${process.pid}`;
    const workerEnv = { DATABASE_URL: tdb.url, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue, STUDIO_DATA_DIR: dataDir, ORT_THREADS: '2' };
    const first = await startWorkerProcess(workerEnv);
    const temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue, heartbeatTimeoutMs: 3_000 });
    let second: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
    try {
      const { runId } = await startRun({ ...svc, executor: async () => temporal }, { versionId: p.versionId, scanId: p.scanId });
      // Kill as soon as one node has finished with its outputs stored (the run must still be
      // going). A node whose value only the next node of its chain reads is not stored: a retry
      // recomputes it, so only stored nodes are expected to survive the kill.
      const before = await vi.waitFor(async () => {
        const rows = await nodeRows(runId);
        expect(rows.some((r) => r.status === 'succeeded' && r.outputs)).toBe(true);
        return rows;
      }, { timeout: 120_000, interval: 20 });
      first.kill();
      const doneBefore = before.filter((r) => r.status === 'succeeded' && r.outputs).map((r) => r.nodeId);
      expect(doneBefore.length).toBeGreaterThan(0);
      expect(doneBefore.length).toBeLessThan(p.graph.nodes.length);

      second = await startWorkerProcess(workerEnv);
      const result = await temporal.wait(runId);
      expect(result.error).toBeNull();
      expect(hashes(result)).toEqual(hashes(reference));
      const rows = await nodeRows(runId);
      expect(rows).toHaveLength(p.graph.nodes.length);
      expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
      for (const id of doneBefore) expect(rows.find((r) => r.nodeId === id)!.attempts, `node ${id} was recomputed`).toBe(1);
    } finally {
      first.kill();
      await second?.stop();
      await temporal.close();
    }
  });
});
