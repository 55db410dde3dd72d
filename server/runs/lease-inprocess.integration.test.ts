import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { runs, webhooks } from '../../drizzle/schema';
import { prepareDemo, type Prepared } from '../../test/material';
import { runBooks, until } from '../../test/run-books';
import { mapError } from '../errors';
import type { ServiceDeps } from '../context';
import { startRun } from './service';
import { createTestServices } from '../test-fixtures';
import { isShuttingDown, shutdown } from '../shutdown';
import { createRunDepsFor } from './deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import { sweepExpiredRuns } from './lease';
import type { Executor, RunDeps } from '../../workflows/contract';

/**
 * The lease from inside the process that holds it (embedded executor, real PostgreSQL): a live
 * run is never swept however often sweepers look, a run that was swept is abandoned by its
 * executor without writing over the sweep, and a stopping process refuses new runs.
 */
const LEASE_SECONDS = 1;

describe('security: run leases in the owning process (real PostgreSQL, embedded executor)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let runDeps: RunDeps;
  let executor: Executor;
  let demo: Prepared;
  beforeAll(async () => {
    deps = await createTestServices();
    runDeps = createRunDepsFor(deps.db, deps.blobs, undefined, LEASE_SECONDS);
    executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
    demo = await prepareDemo(deps, { size: 224 });
    await deps.db.insert(webhooks).values({ id: 'wh_lease', workspaceId: DEFAULT_WORKSPACE_ID, url: 'http://127.0.0.1:9/hook', secret: 'unused', events: ['run.finished', 'run.failed'], createdBy: 'test' });
  });
  afterAll(async () => {
    await runDeps?.inference.dispose();
    await deps?.close();
  });

  it('a run whose owner is alive and heartbeating is never swept, though the run outlives its lease (renewed again and again)', async () => {
    const { runId } = await startRun(deps, { versionId: demo.versionId, scanId: demo.scanId });
    const [{ leaseOwner }] = await deps.db.select({ leaseOwner: runs.leaseOwner }).from(runs).where(eq(runs.id, runId));
    expect(leaseOwner).toBe(runDeps.lease!.owner);
    const started = Date.now();
    let sweeps = 0;
    const done = executor.wait(runId);
    let finished = false;
    void done.finally(() => (finished = true));
    // The lease expiries the heartbeat wrote while sweepers kept looking.
    const expiries = new Set<number>();
    while (!finished) {
      expect(await sweepExpiredRuns(deps.db)).toEqual([]);
      sweeps++;
      const [row] = await deps.db.select({ at: runs.leaseExpiresAt }).from(runs).where(eq(runs.id, runId));
      if (row.at) expiries.add(row.at.getTime());
    }
    const result = await done;
    const ms = Date.now() - started;
    console.log(`[lease] live run: ${ms} ms (lease ${LEASE_SECONDS} s), ${sweeps} sweeps, ${expiries.size} lease expiries seen, none swept it`);
    // It lived past the lease it started with, kept only by renewals (one every third of a lease).
    expect(ms).toBeGreaterThan(LEASE_SECONDS * 1000);
    expect(expiries.size).toBeGreaterThanOrEqual(3);
    expect(result.status).toBe('succeeded');
    expect(await runBooks(deps.db, runId)).toMatchObject({ status: 'succeeded', openReservationNano: 0, webhookEvents: ['run.finished'], endAuditActions: ['run.finished'] });
  });

  it('a run swept while its process still works on it: the executor stops and never writes succeeded over failed', async () => {
    const { runId } = await startRun(deps, { versionId: demo.versionId, scanId: demo.scanId });
    await until('the run to be running', async () => (await deps.db.select({ s: runs.status }).from(runs).where(eq(runs.id, runId)))[0].s === 'running');
    // As if the heartbeat had been cut off (database outage) long enough for the lease to run out.
    await deps.db.update(runs).set({ leaseExpiresAt: sql`now() - interval '1 minute'` }).where(eq(runs.id, runId));
    const swept = await sweepExpiredRuns(deps.db);
    if (!swept.includes(runId)) {
      // A heartbeat renewed it in between (it renews every third of the lease): take it again.
      await deps.db.update(runs).set({ leaseExpiresAt: sql`now() - interval '1 minute'` }).where(eq(runs.id, runId));
      expect(await sweepExpiredRuns(deps.db)).toEqual([runId]);
    }
    const result = await executor.wait(runId);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    const books = await runBooks(deps.db, runId);
    expect(books).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', openReservationNano: 0, releases: 1, webhookEvents: ['run.failed'], endAuditActions: ['run.failed'] });
    expect(books.chargedNano).toBe(books.finishedNodesCostNano);
    expect(books.actualCostNano).toBe(books.chargedNano);
    expect(books.nodeStatuses.some((s) => s === 'running' || s === 'pending')).toBe(false);
  });

  it('after SIGTERM (shutdown) a new run is refused with SHUTTING_DOWN (503)', async () => {
    expect(isShuttingDown()).toBe(false);
    await shutdown(0);
    const refused = await startRun(deps, { versionId: demo.versionId, scanId: demo.scanId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(mapError(refused)).toMatchObject({ http: 503, client: { code: 'SHUTTING_DOWN' } });
  });
});
