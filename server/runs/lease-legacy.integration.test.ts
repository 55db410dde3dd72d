import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { runs, webhooks } from '../../drizzle/schema';
import { prepareDemo, type Prepared } from '../../test/material';
import { runBooks } from '../../test/run-books';
import { appendLedger } from '../cost/repo';
import { insertRunWithNodes } from './repo';
import type { ServiceDeps } from '../context';
import { createTestServices } from '../test-fixtures';
import { sweepExpiredRuns } from './lease';

/**
 * Issue 11 §4, after the upgrade that introduced leases: runs left "running"/"queued" by the old
 * version have `lease_expires_at NULL`. The sweeper must fail the in-process (embedded) ones
 * through the same path as an expired lease, and leave Temporal runs (never leased) alone.
 */
describe('security: runs stuck from before the lease upgrade are swept (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let demo: Prepared;
  beforeAll(async () => {
    deps = await createTestServices();
    demo = await prepareDemo(deps, { size: 16 });
    await deps.db.insert(webhooks).values({ id: 'wh_legacy', workspaceId: DEFAULT_WORKSPACE_ID, url: 'http://127.0.0.1:9/hook', secret: 'unused', events: ['run.finished', 'run.failed'], createdBy: 'test' });
  });
  afterAll(() => deps?.close());

  const legacyRun = async (id: string, status: 'running' | 'queued', executor: string) => {
    // As the pre-upgrade code wrote it: no lease owner, no lease expiry, a reservation held.
    await insertRunWithNodes(
      deps.db,
      { id, pipelineVersionId: demo.versionId, scanId: demo.scanId, status, executor, workspaceId: DEFAULT_WORKSPACE_ID, createdBy: 'test' },
      [
        { nodeId: 'input', kind: 'input.nifti' },
        { nodeId: 'seg', kind: 'model.onnx' },
      ],
    );
    await appendLedger(deps.db, { idempotencyKey: `${id}:reserve`, workspaceId: DEFAULT_WORKSPACE_ID, userId: 'test', runId: id, kind: 'reservation', amountNano: 5000 });
  };

  it('embedded runs running/queued with a NULL lease are failed INTERRUPTED once (reservation released, one webhook, one audit event); Temporal runs with a NULL lease are not', async () => {
    await legacyRun('run_old_running', 'running', 'embedded');
    await legacyRun('run_old_queued', 'queued', 'embedded');
    await legacyRun('run_old_temporal', 'running', 'temporal');

    expect((await sweepExpiredRuns(deps.db)).sort()).toEqual(['run_old_queued', 'run_old_running']);
    for (const id of ['run_old_running', 'run_old_queued']) {
      expect(await runBooks(deps.db, id)).toMatchObject({
        status: 'failed',
        errorCode: 'INTERRUPTED',
        reservedNano: 5000,
        openReservationNano: 0,
        releases: 1,
        chargedNano: 0,
        webhookEvents: ['run.failed'],
        endAuditActions: ['run.failed'],
        nodeStatuses: ['cancelled', 'cancelled'],
      });
    }
    const temporal = await runBooks(deps.db, 'run_old_temporal');
    expect(temporal).toMatchObject({ status: 'running', errorCode: null, openReservationNano: 5000, releases: 0, webhookEvents: [], endAuditActions: [] });

    // Sweeping again (every process does, at start and periodically) changes nothing.
    expect(await sweepExpiredRuns(deps.db)).toEqual([]);
    expect(await runBooks(deps.db, 'run_old_running')).toMatchObject({ releases: 1, webhookEvents: ['run.failed'], endAuditActions: ['run.failed'] });
    const [t] = await deps.db.select({ status: runs.status }).from(runs).where(eq(runs.id, 'run_old_temporal'));
    expect(t.status).toBe('running');
  });
});
