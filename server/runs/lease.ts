import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { and, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import type { BlobStore } from '../blobs/store';
import { runNodes, runs } from '../../drizzle/schema';
import { kickWebhookDispatcher } from '../webhooks/dispatcher';
import { ACTIVE_RUN_STATUSES } from '../../domain/runs/status';
import { createDbRecorder, recordRunEnd } from './recorder';
import type { RunLease } from '../../workflows/contract';

/**
 * Leases of in-process runs. The run row names its owner process and until when (database
 * clock) the owner's heartbeat holds it. Every transition is one conditional UPDATE on the run
 * row (`status in (queued, running)` plus owner or expiry), so a heartbeat, the owner's own
 * writes and any number of sweepers serialise on the row lock and exactly one of them wins.
 */
const newLeaseOwner = () => `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** `now() + seconds` on the database clock (the sweeper compares with the same clock). */
export const leaseUntil = (seconds: number) => sql`now() + make_interval(secs => ${seconds}::float8)`;

const BATCH = 100;

/**
 * Fails every active run matching `which` with INTERRUPTED, once: running nodes failed, pending
 * ones cancelled, reservation released and cost settled (ledger keys), one webhook delivery per
 * subscriber and one audit event, all in the transaction of the status change. Returns the ids.
 */
async function interruptWhere(db: Db, which: SQL, message: string): Promise<string[]> {
  const done: string[] = [];
  let webhooks = 0;
  for (;;) {
    const candidates = await db.select({ id: runs.id }).from(runs).where(and(inArray(runs.status, ACTIVE_RUN_STATUSES), which)).limit(BATCH);
    let progressed = 0;
    for (const { id } of candidates) {
      const error = { code: 'INTERRUPTED', message };
      const won = await db.transaction(async (tx) => {
        const [prev] = await tx.select({ status: runs.status, workspaceId: runs.workspaceId }).from(runs).where(eq(runs.id, id)).for('update');
        // Re-checked under the lock: a heartbeat or another sweeper may have been first.
        const [row] = await tx
          .update(runs)
          .set({ status: 'failed', error, finishedAt: new Date() })
          .where(and(eq(runs.id, id), inArray(runs.status, ACTIVE_RUN_STATUSES), which))
          .returning({ id: runs.id });
        if (!row) return false;
        const now = new Date();
        await tx.update(runNodes).set({ status: 'failed', error, finishedAt: now }).where(and(eq(runNodes.runId, id), eq(runNodes.status, 'running')));
        await tx.update(runNodes).set({ status: 'cancelled', finishedAt: now }).where(and(eq(runNodes.runId, id), eq(runNodes.status, 'pending')));
        webhooks += await recordRunEnd(tx, id, 'failed', prev, { error });
        return true;
      });
      if (won) {
        done.push(id);
        progressed++;
      }
    }
    if (candidates.length < BATCH || !progressed) break;
  }
  if (webhooks) kickWebhookDispatcher();
  return done;
}

/**
 * Runs whose owner stopped heartbeating (lease expired on the database clock), and in-process
 * runs with no lease at all. Since leases exist, an embedded run is inserted with its lease in
 * the same row (services/runs.ts), so an active embedded run without one can only be a leftover
 * from before the upgrade (migration 0009): its process is gone, and `lease < now()` never
 * matches NULL. Temporal runs have no lease by design (the workflow is durable): never swept.
 * (A process of the old version still running during a rolling upgrade would see its runs
 * failed: stop old processes before starting new ones.)
 */
const expiredOrLegacy = or(lt(runs.leaseExpiresAt, sql`now()`), and(eq(runs.executor, 'embedded'), isNull(runs.leaseExpiresAt)))!;

export function sweepExpiredRuns(db: Db): Promise<string[]> {
  return interruptWhere(db, expiredOrLegacy, 'the process running this run stopped (crash, kill, lost database or upgrade) before it finished');
}

/** The lease port of the embedded executor for `owner` on `db` (`blobs`: where run outputs are read to index their DICOM). */
export function createRunLease(db: Db, seconds: number, owner = newLeaseOwner(), blobs?: BlobStore): RunLease {
  return {
    owner,
    seconds,
    async renew(runId) {
      const rows = await db
        .update(runs)
        .set({ leaseExpiresAt: leaseUntil(seconds) })
        .where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner), inArray(runs.status, ACTIVE_RUN_STATUSES)))
        .returning({ id: runs.id });
      return rows.length > 0;
    },
    interrupt(runIds, message) {
      if (!runIds.length) return Promise.resolve([]);
      return interruptWhere(db, and(eq(runs.leaseOwner, owner), inArray(runs.id, runIds))!, message);
    },
    recorder: createDbRecorder(db, { leaseOwner: owner, blobs }),
  };
}
