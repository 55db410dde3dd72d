import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalBlobStore } from '../blobs/local-store';
import { createRunDepsFor } from './deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import { createTemporalExecutor } from '../../workflows/temporal-executor';
import type { Executor, RunDeps } from '../../workflows/contract';
import type { ServiceDeps } from '../context';
import { startRun } from './service';
import { cancelRun } from './cancel';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { auditEvents, costLedger, runNodes, runs } from '../../drizzle/schema';
import { createServerRuntime, type ServerRuntime } from '../../runtimes/server';
import { prepareDemo, type Prepared } from '../../test/material';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';

/**
 * Cancelling a run through the service, on both executors: the demo pipeline on a large
 * phantom is cancelled once its first node has finished (waits on that row, not on a time).
 */
let tdb: TestDatabase;
let server: TemporalTestServer;
let dataDir: string;
let inference: ServerRuntime;
let deps: RunDeps;
let svc: ServiceDeps;
let demo: Prepared;

beforeAll(async () => {
  [tdb, server] = await Promise.all([createTestDatabase(), startTemporalServer()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-cancel-'));
  inference = createServerRuntime({ size: 1, intraOpNumThreads: 2 });
  const blobs = new LocalBlobStore(dataDir);
  deps = createRunDepsFor(tdb.db, blobs, inference);
  svc = { db: tdb.db, blobs };
  demo = await prepareDemo(svc, { size: 160 });
}, 120_000);

afterAll(async () => {
  await inference?.dispose();
  await server?.stop();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const nodeRows = (runId: string) => tdb.db.select().from(runNodes).where(eq(runNodes.runId, runId));

/** `canceller`: the executor of the process that is asked to cancel (another one: the run lives elsewhere). */
async function cancelMidRun(executor: Executor, canceller: Executor = executor) {
  const withExecutor = { ...svc, executor: async () => canceller };
  const { runId } = await startRun({ ...svc, executor: async () => executor }, { versionId: demo.versionId, scanId: demo.scanId });
  await vi.waitFor(async () => expect((await nodeRows(runId)).some((r) => r.status === 'succeeded')).toBe(true), { timeout: 60_000, interval: 20 });
  await cancelRun(withExecutor, runId);
  const result = await executor.wait(runId);
  // The owning process sees its lease lost when another process wrote the cancel.
  if (canceller === executor) expect(result).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  // The run has ended: the end is recorded whatever the executor did after the wait resolved.
  await vi.waitFor(async () => expect((await tdb.db.select().from(runs).where(eq(runs.id, runId)))[0].status).toBe('cancelled'), { timeout: 10_000, interval: 20 });

  const rows = await nodeRows(runId);
  const ran = rows.filter((r) => r.status === 'succeeded').map((r) => r.nodeId);
  expect(ran.length).toBeGreaterThan(0);
  expect(ran.length).toBeLessThan(demo.graph.nodes.length);
  expect(rows.filter((r) => r.status !== 'succeeded').every((r) => r.status === 'cancelled')).toBe(true);

  const ledger = await tdb.db.select().from(costLedger).where(eq(costLedger.runId, runId));
  const sum = (kind: string) => ledger.filter((e) => e.kind === kind).reduce((a, e) => a + e.amountNano, 0);
  const charged = ledger.filter((e) => e.kind === 'charge').map((e) => e.nodeId);
  expect([...charged].sort()).toEqual([...ran].sort()); // every node that ran, no node that did not
  expect(sum('reservation')).toBeGreaterThan(sum('charge')); // the estimate covered the whole run
  expect(sum('release')).toBe(-sum('reservation'));
  const [row] = await tdb.db.select().from(runs).where(eq(runs.id, runId));
  expect(row.actualCostNano).toBe(sum('charge'));

  const actions = (await tdb.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'run'), eq(auditEvents.objectId, runId)))).map((e) => e.action);
  expect(actions).toEqual(['run.started', 'run.cancel-requested', 'run.cancelled']);

  // Cancelling again is harmless: nothing more is written.
  await expect(cancelRun(withExecutor, runId)).resolves.toEqual({ runId, status: 'cancelled' });
  expect(await tdb.db.select().from(costLedger).where(eq(costLedger.runId, runId))).toHaveLength(ledger.length);
  return runId;
}

describe('cancelling a server run', () => {
  it('in process: ends cancelled, only the nodes that ran are charged, the rest of the reservation released', async () => {
    await cancelMidRun(createEmbeddedExecutor(deps));
  });

  it('in another process: the run is cancelled as its owner and that process stops, charging nothing more', async () => {
    const elsewhere = createEmbeddedExecutor(createRunDepsFor(tdb.db, svc.blobs, inference));
    expect(elsewhere.lease?.owner).not.toBe(deps.lease?.owner);
    await cancelMidRun(createEmbeddedExecutor(deps), elsewhere);
  });

  it('on Temporal: the workflow is cancelled with the same books', async () => {
    const temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue: 'studio-cancel', inProcessWorker: deps });
    try {
      await cancelMidRun(temporal);
    } finally {
      await temporal.close();
    }
  });

  it('refuses to cancel a run that has finished (CONFLICT)', async () => {
    const executor = createEmbeddedExecutor(deps);
    const withExecutor = { ...svc, executor: async () => executor };
    const { runId } = await startRun(withExecutor, { versionId: demo.versionId, scanId: demo.scanId });
    expect((await executor.wait(runId)).status).toBe('succeeded');
    await expect(cancelRun(withExecutor, runId)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(cancelRun(withExecutor, 'run_missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
