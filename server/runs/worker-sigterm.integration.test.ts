import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalBlobStore } from '../blobs/local-store';
import type { ServiceDeps } from '../context';
import { startRun } from './service';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { costLedger, runNodes } from '../../drizzle/schema';
import { prepareDemo } from '../../test/material';
import { startWorkerProcess } from '../../test/worker-process';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';
import { createTemporalExecutor } from '../../workflows/temporal-executor';

/**
 * A worker stopped with SIGTERM (a deploy, a scale-down) takes no new node but finishes the one
 * it is running (TEMPORAL_SHUTDOWN_GRACE_SECONDS), then exits 0; the rest of the run goes to
 * another worker, nothing is recomputed and each node is charged once.
 */
let tdb: TestDatabase;
let server: TemporalTestServer;
let dataDir: string;

beforeAll(async () => {
  [tdb, server] = await Promise.all([createTestDatabase(), startTemporalServer()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-sigterm-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a worker stopped with SIGTERM', () => {
  it('finishes the node it is running, exits 0, and leaves the rest of the run to another worker', async () => {
    const svc: ServiceDeps = { db: tdb.db, blobs: new LocalBlobStore(dataDir) };
    // Large enough that the model node runs for seconds: the SIGTERM lands inside it.
    const p = await prepareDemo(svc, { size: 192 });
    const taskQueue = `studio-sigterm-${process.pid}`;
    const env = { DATABASE_URL: tdb.url, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue, STUDIO_DATA_DIR: dataDir, ORT_THREADS: '1', TEMPORAL_SHUTDOWN_GRACE_SECONDS: '120' };
    const first = await startWorkerProcess(env);
    const executor = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue });
    let second: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
    try {
      const { runId } = await startRun({ ...svc, executor: async () => executor }, { versionId: p.versionId, scanId: p.scanId });
      const nodeRows = () => tdb.db.select().from(runNodes).where(eq(runNodes.runId, runId));
      await vi.waitFor(async () => expect((await nodeRows()).find((r) => r.nodeId === 'model')?.status).toBe('running'), { timeout: 120_000, interval: 20 });
      const exited = first.terminate();
      second = await startWorkerProcess(env);
      expect(await exited).toBe(0);
      const result = await executor.wait(runId);
      expect(result.error).toBeNull();
      expect(result.status).toBe('succeeded');

      const rows = await nodeRows();
      const on = (id: string) => rows.find((r) => r.nodeId === id)!;
      const firstId = `${os.hostname()}:${first.pid}`;
      const secondId = `${os.hostname()}:${second.pid}`;
      // The model (in flight at the SIGTERM) finished on the stopped worker, once.
      expect(on('model')).toMatchObject({ status: 'succeeded', attempts: 1, worker: firstId });
      expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
      // Nodes scheduled after the SIGTERM went to the other worker.
      expect(on('labels-out').worker).toBe(secondId);
      const charges = await tdb.db.select().from(costLedger).where(eq(costLedger.runId, runId));
      expect(charges.filter((c) => c.kind === 'charge').map((c) => c.nodeId).sort()).toEqual(p.graph.nodes.map((n) => n.id).sort());
    } finally {
      first.kill();
      await second?.stop();
      await executor.close();
    }
  });
});
