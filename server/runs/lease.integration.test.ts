import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { runs, webhooks } from '../../drizzle/schema';
import { eq, sql } from 'drizzle-orm';
import { midRun, runBooks, studioRunProcess, until } from '../../test/run-books';
import { repoRoot } from '../../test/material';
import { startPgProxy } from '../../test/pg-proxy';
import { insertRunWithNodes } from './repo';
import { appendLedger } from '../cost/repo';
import { sweepExpiredRuns } from './lease';
import { startRunSweeper, stopRunSweeper } from './sweeper';

/**
 * Issue 11 §4: a process running a run in-process dies (kill -9) or is stopped (SIGTERM) in
 * the middle; the run must end terminal (INTERRUPTED) with its books closed: reservation
 * released, charges = finished nodes, exactly one webhook delivery and one end audit event.
 * The process is the real CLI (`studio run`, embedded executor) on a real PostgreSQL.
 */
const LEASE_SECONDS = 2;
const SIZE = 224; // phantom edge: a run of several seconds, so it is caught mid-run

describe('security: no run is stuck after a crash (real PostgreSQL, CLI child process)', () => {
  let t: TestDatabase;
  let tmp: string;
  let env: Record<string, string>;
  const args = () => [path.join(repoRoot, 'examples', 'pipelines', 'demo-tissue.json'), '--input', path.join(tmp, 'scan.nii.gz'), '--models', path.join(tmp, 'models'), '--out', path.join(tmp, 'out'), '--json'];

  beforeAll(async () => {
    t = await createTestDatabase();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-lease-'));
    mkdirSync(path.join(tmp, 'models'));
    writeFileSync(path.join(tmp, 'scan.nii.gz'), writeDemoScan({ size: SIZE }));
    writeFileSync(path.join(tmp, 'models', TISSUE_CLASSIFIER_FILE), buildTissueClassifier());
    env = { DATABASE_URL: t.url, STUDIO_DATA_DIR: path.join(tmp, 'data'), STUDIO_RUN_LEASE_SECONDS: String(LEASE_SECONDS), TEMPORAL_ADDRESS: '' };
    // A subscriber to run ends (nothing sends it here: the deliveries are counted).
    await t.db.insert(webhooks).values({ id: 'wh_lease', workspaceId: DEFAULT_WORKSPACE_ID, url: 'http://127.0.0.1:9/hook', secret: 'unused', events: ['run.finished', 'run.failed', 'run.cancelled'], createdBy: 'test' });
  });
  afterAll(async () => {
    stopRunSweeper();
    await t?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('kill -9 mid-run: the sweeper fails the run INTERRUPTED within lease + sweep interval, books closed, one webhook', async () => {
    const p = studioRunProcess(args(), env);
    const run = await until('the run to be mid-run with a lease', () => midRun(t.db));
    expect(run.leaseOwner).toMatch(/^[^:]+:\d+:[0-9a-f]{8}$/);
    p.child.kill('SIGKILL');
    const killedAt = (await p.exited).at;

    void startRunSweeper(t.db, LEASE_SECONDS); // the next process to start (here: this one)
    const ended = await until('the run to be swept', async () => {
      const [r] = await t.db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id));
      return r.status !== 'running' && Date.now();
    }, 30_000);
    stopRunSweeper();
    const ms = ended - killedAt;
    console.log(`[lease] kill -9 -> run terminal in ${ms} ms (lease ${LEASE_SECONDS} s, sweep every ${LEASE_SECONDS / 2} s)`);
    expect(ms).toBeLessThan((LEASE_SECONDS * 1.5 + 1.5) * 1000);

    const books = await runBooks(t.db, run.id);
    expect(books).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', openReservationNano: 0, releases: 1, webhookEvents: ['run.failed'], endAuditActions: ['run.failed'] });
    expect(books.reservedNano).toBeGreaterThan(0);
    expect(books.chargedNano).toBe(books.finishedNodesCostNano);
    expect(books.actualCostNano).toBe(books.chargedNano);
    expect(books.nodeStatuses).toContain('succeeded');
    expect(books.nodeStatuses.some((s) => s === 'pending' || s === 'running')).toBe(false);
    // A later sweep (another process starting) finds nothing more to do.
    expect(await sweepExpiredRuns(t.db)).toEqual([]);
    expect(await runBooks(t.db, run.id)).toEqual(books);
  });

  it('SIGTERM mid-run: the process exits within the grace period and the run is terminal with its books closed', async () => {
    // No grace: the run in flight is interrupted at once. (With 1 s a fast machine finished the
    // rest of the run inside the grace period, which is the next test's case, not this one.)
    const grace = 0;
    const p = studioRunProcess(args(), { ...env, STUDIO_SHUTDOWN_GRACE_SECONDS: String(grace) });
    const before = new Set((await t.db.select({ id: runs.id }).from(runs)).map((r) => r.id));
    const run = await until('a new run mid-run', async () => {
      const r = await midRun(t.db);
      return r && !before.has(r.id) && r;
    });
    const sentAt = Date.now();
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    console.log(`[lease] SIGTERM -> exit ${exit.code} in ${exit.at - sentAt} ms (grace ${grace} s)`);
    expect(exit.code, p.log()).toBe(143);
    // Grace, plus the inference call in flight (ORT cannot be stopped mid-call without aborting
    // the process), plus main-thread kernel time before the signal is handled, on a loaded machine.
    expect(exit.at - sentAt).toBeLessThan((grace + 8) * 1000);
    const books = await runBooks(t.db, run.id);
    expect(books).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', openReservationNano: 0, webhookEvents: ['run.failed'], endAuditActions: ['run.failed'] });
    expect(books.chargedNano).toBe(books.finishedNodesCostNano);
    expect(books.actualCostNano).toBe(books.chargedNano);
    expect(books.nodeStatuses.some((s) => s === 'pending' || s === 'running')).toBe(false);
  });

  it('SIGTERM with a long enough grace period: the run in flight finishes (succeeded, books closed), then the process exits', async () => {
    const p = studioRunProcess(args(), { ...env, STUDIO_SHUTDOWN_GRACE_SECONDS: '120' });
    const before = new Set((await t.db.select({ id: runs.id }).from(runs)).map((r) => r.id));
    const run = await until('a new run mid-run', async () => {
      const r = await midRun(t.db);
      return r && !before.has(r.id) && r;
    });
    const sentAt = Date.now();
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    console.log(`[lease] SIGTERM with 120 s grace -> run finished, exit ${exit.code} after ${exit.at - sentAt} ms`);
    expect(exit.code, p.log()).toBe(143);
    const books = await runBooks(t.db, run.id);
    expect(books).toMatchObject({ status: 'succeeded', errorCode: null, openReservationNano: 0, webhookEvents: ['run.finished'], endAuditActions: ['run.finished'] });
    expect(books.chargedNano).toBe(books.finishedNodesCostNano);
    expect(new Set(books.nodeStatuses)).toEqual(new Set(['succeeded']));
  });

  it('database outage longer than the lease mid-run: the process gives the run up, and once the database is back the run ends INTERRUPTED with its books closed', async () => {
    const proxy = await startPgProxy();
    try {
      const before = new Set((await t.db.select({ id: runs.id }).from(runs)).map((r) => r.id));
      const p = studioRunProcess(args(), { ...env, DATABASE_URL: proxy.through(t.url) });
      const run = await until('a new run mid-run', async () => {
        const r = await midRun(t.db);
        return r && !before.has(r.id) && r;
      });
      proxy.cut();
      const outageMs = LEASE_SECONDS * 3 * 1000;
      // The outage lasts three leases; the child's exit is awaited meanwhile (it must not hang).
      const exitedDuringOutage = await Promise.race([p.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), outageMs))]);
      proxy.restore();
      const restoredAt = Date.now();
      void startRunSweeper(t.db, LEASE_SECONDS);
      const ended = await until('the run to end', async () => {
        const [r] = await t.db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id));
        return r.status !== 'running' && Date.now();
      }, 30_000);
      stopRunSweeper();
      const exit = await p.exited;
      console.log(`[lease] outage ${outageMs} ms: child exited ${exitedDuringOutage ? 'during' : 'after'} the outage (code ${exit.code}); run terminal ${ended - restoredAt} ms after the database came back`);
      expect(exit.code, p.log()).toBe(1);
      const books = await runBooks(t.db, run.id);
      expect(books).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', openReservationNano: 0, releases: 1, webhookEvents: ['run.failed'], endAuditActions: ['run.failed'] });
      expect(books.chargedNano).toBe(books.finishedNodesCostNano);
      expect(books.actualCostNano).toBe(books.chargedNano);
      expect(books.nodeStatuses.some((s) => s === 'pending' || s === 'running')).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it('two concurrent sweeps fail each expired run once (one release, one webhook, one audit event each)', async () => {
    const [template] = await t.db.select().from(runs).limit(1);
    const ids = Array.from({ length: 6 }, (_, i) => `run_sweep_${i}`);
    for (const id of ids) {
      await insertRunWithNodes(
        t.db,
        { id, pipelineVersionId: template.pipelineVersionId, scanId: template.scanId, status: i(id) ? 'running' : 'queued', executor: 'embedded', workspaceId: DEFAULT_WORKSPACE_ID, createdBy: 'test', leaseOwner: 'gone:1:00000000', leaseExpiresAt: new Date(Date.now() - 60_000) },
        [{ nodeId: 'input', kind: 'input.nifti' }],
      );
      await appendLedger(t.db, { idempotencyKey: `${id}:reserve`, workspaceId: DEFAULT_WORKSPACE_ID, userId: 'test', runId: id, kind: 'reservation', amountNano: 1000 });
    }
    const [a, b] = await Promise.all([sweepExpiredRuns(t.db), sweepExpiredRuns(t.db)]);
    expect([...a, ...b].sort()).toEqual(ids);
    for (const id of ids) {
      expect(await runBooks(t.db, id)).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', openReservationNano: 0, releases: 1, webhookEvents: ['run.failed'], endAuditActions: ['run.failed'], nodeStatuses: ['cancelled'] });
    }
  });

  it('Temporal runs (no lease) and runs whose lease is still valid are never swept', async () => {
    const [template] = await t.db.select().from(runs).limit(1);
    const base = { pipelineVersionId: template.pipelineVersionId, scanId: template.scanId, status: 'running' as const, workspaceId: DEFAULT_WORKSPACE_ID, createdBy: 'test' };
    await insertRunWithNodes(t.db, { ...base, id: 'run_temporal', executor: 'temporal' }, []);
    await insertRunWithNodes(t.db, { ...base, id: 'run_live', executor: 'embedded', leaseOwner: 'alive:1:00000000', leaseExpiresAt: new Date(Date.now() + 60_000) }, []);
    expect(await sweepExpiredRuns(t.db)).toEqual([]);
    const left = await t.db.select({ id: runs.id, status: runs.status }).from(runs).where(sql`${runs.id} in ('run_temporal', 'run_live')`);
    expect(left.map((r) => r.status)).toEqual(['running', 'running']);
  });
});

const i = (id: string) => Number(id.slice(-1)) % 2;
