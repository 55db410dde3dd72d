import os from 'node:os';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../drizzle/client';
import { runNodes, runs } from '../../drizzle/schema';
import type { BlobStore } from '../blobs/store';
import { indexRunOutputs } from '../dicom-store/outputs';
import { SYSTEM_ACTOR, type AuditAction } from '../../domain/audit/events';
import { appendAudit } from '../audit/service';
import { chargeNode, settleRun } from '../cost/ledger';
import { enqueueRunEvent } from '../webhooks/service';
import { kickWebhookDispatcher } from '../webhooks/dispatcher';
import { LeaseLostError, RunEndedError } from '../../workflows/contract';
import { ACTIVE_RUN_STATUSES, isFinished } from '../../domain/runs/status';
import type { RecordedNode, RunError, RunRecorder, RunStatus, RunStatusExtra, ValueRef } from '../../workflows/contract';

/** The audit event of a run reaching an end state (once: a repeated status writes none). */
const END_ACTION: Partial<Record<string, AuditAction>> = { succeeded: 'run.finished', failed: 'run.failed', cancelled: 'run.cancelled' };


/** A run row locked for a status change: its status before, and the workspace its events belong to. */
type LockedRun = { status: string; workspaceId: string };

/**
 * What a run reaching an end state brings, in the transaction that wrote that state: its
 * reservation released and cost settled (idempotent ledger keys), and, when the status changed,
 * one webhook delivery per subscriber and one audit event. Returns the deliveries enqueued.
 */

export async function recordRunEnd(tx: DbOrTx, runId: string, status: RunStatus, prev: LockedRun | undefined, extra: RunStatusExtra = {}): Promise<number> {
  await settleRun(tx, runId);
  const action = END_ACTION[status];
  if (prev === undefined || prev.status === status || !action) return 0;
  // Webhook deliveries commit with the status they announce (sent after commit).
  const enqueued = await enqueueRunEvent(tx, runId, status);
  const details = { status, ...(extra.error ? { errorCode: extra.error.code } : {}), ...(extra.artifacts ? { artifacts: extra.artifacts.length } : {}) };
  // The run's workspace: its admins see how their runs ended, no other workspace does.
  await appendAudit(tx, { actor: SYSTEM_ACTOR, origin: {}, workspaceId: prev.workspaceId, action, objectType: 'run', objectId: runId, details });
  return enqueued;
}

/**
 * RunRecorder on the run / run_nodes tables. Every write is an upsert or a guarded update on
 * the (run_id, node_id) key, so a retried Temporal activity updates its one row instead of
 * adding one. `attempts` counts executions (a node reused after a crash is not counted again).
 * With `leaseOwner` (in-process runs), a write commits only while the run is still active and
 * held by that owner (row lock, so a sweeper and a late write never both win): a process
 * whose run was interrupted can never write succeeded over failed, nor charge after settling.
 * Each node row names the process that ran its latest attempt (`worker`, default host:pid).
 * With `blobs`, a run that succeeds has its DICOM outputs indexed as instances of their study
 * in the transaction that records the success.
 */
export function createDbRecorder(db: Db, opts: { leaseOwner?: string; blobs?: BlobStore; worker?: string } = {}): RunRecorder {
  const worker = opts.worker ?? `${os.hostname()}:${process.pid}`;
  const node = (runId: string, nodeId: string) => and(eq(runNodes.runId, runId), eq(runNodes.nodeId, nodeId));
  /** The run's current status, locked; throws LeaseLostError when a leased recorder lost it. */
  async function lockRun(tx: DbOrTx, runId: string): Promise<LockedRun | undefined> {
    const owned = opts.leaseOwner ? and(eq(runs.leaseOwner, opts.leaseOwner), inArray(runs.status, ACTIVE_RUN_STATUSES)) : undefined;
    const [row] = await tx.select({ status: runs.status, workspaceId: runs.workspaceId }).from(runs).where(and(eq(runs.id, runId), owned)).for('update');
    if (!row && opts.leaseOwner) throw new LeaseLostError(runId);
    return row;
  }
  const guarded = <T>(runId: string, fn: (tx: DbOrTx) => Promise<T>) =>
    opts.leaseOwner
      ? db.transaction(async (tx) => {
          await lockRun(tx, runId);
          return fn(tx);
        })
      : fn(db);
  return {
    async nodeStarted(runId, nodeId, kind) {
      // A node of a run that has ended never starts (a Temporal chain cancelled between two of
      // its nodes): the run row is share-locked, so a concurrent end waits for this insert and
      // then marks the node cancelled with the rest.
      await db.transaction(async (tx) => {
        if (opts.leaseOwner) await lockRun(tx, runId);
        else {
          const [run] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId)).for('share');
          if (run && isFinished(run.status)) throw new RunEndedError(runId, run.status);
        }
        await tx
          .insert(runNodes)
          .values({ runId, nodeId, kind, status: 'running', attempts: 1, startedAt: new Date(), worker })
          .onConflictDoUpdate({
            target: [runNodes.runId, runNodes.nodeId],
            set: {
              status: 'running',
              progress: 0,
              error: null,
              attempts: sql`${runNodes.attempts} + 1`,
              startedAt: new Date(),
              finishedAt: null,
              worker,
            },
          });
      });
    },
    async nodeProgress(runId, nodeId, fraction) {
      await db.update(runNodes).set({ progress: fraction }).where(and(node(runId, nodeId), eq(runNodes.status, 'running')));
    },
    async nodeFinished(runId, nodeId, r) {
      // The node's row and its charge commit together (a crash in between would leave a
      // succeeded node that a retried activity reuses without ever charging it).
      await db.transaction(async (tx) => {
        if (opts.leaseOwner) await lockRun(tx, runId);
        // Only a running node finishes: one the run's end marked cancelled (a Temporal activity
        // that completed after its workflow was cancelled) is not charged after the settlement.
        const done = await tx
          .update(runNodes)
          .set({ status: 'succeeded', progress: 1, ms: r.ms, artifacts: r.artifacts, outputs: r.outputRefs, error: null, finishedAt: new Date() })
          .where(and(node(runId, nodeId), eq(runNodes.status, 'running')))
          .returning({ nodeId: runNodes.nodeId });
        if (done.length && r.usage) await chargeNode(tx, runId, nodeId, r.usage, r.artifacts.reduce((a, x) => a + x.size, 0));
      });
    },
    async nodeFailed(runId, nodeId, error: RunError) {
      await guarded(runId, (tx) => tx.update(runNodes).set({ status: 'failed', error, finishedAt: new Date() }).where(node(runId, nodeId)));
    },
    async runStatus(runId, status, extra = {}) {
      const now = new Date();
      let webhooksEnqueued = 0;
      await db.transaction(async (tx) => {
        // Row lock: concurrent status writes (retried activity, cancel, sweeper) see each other's result.
        const prev = await lockRun(tx, runId);
        // A late "running" (a status write racing a cancel) never reopens a run that has ended.
        if (status === 'running' && prev && isFinished(prev.status)) return;
        await tx
          .update(runs)
          .set({
            status,
            error: extra.error ?? null,
            ...(extra.artifacts ? { artifacts: extra.artifacts } : {}),
            ...(status === 'running' ? { startedAt: sql`coalesce(${runs.startedAt}, now())` } : {}),
            ...(isFinished(status) ? { finishedAt: now } : {}),
          })
          .where(eq(runs.id, runId));
        // Nodes still marked running when the run ends were interrupted by that end; a
        // cancelled run's nodes that never started are cancelled too (never run, never charged).
        if (status === 'failed' || status === 'cancelled') {
          const open = status === 'cancelled' ? inArray(runNodes.status, ['running', 'pending']) : eq(runNodes.status, 'running');
          await tx
            .update(runNodes)
            .set({ status: 'cancelled', finishedAt: now })
            .where(and(eq(runNodes.runId, runId), open));
        }
        if (status === 'succeeded' && prev && prev.status !== status && opts.blobs && extra.artifacts?.length) {
          await indexRunOutputs(tx, opts.blobs, { runId, workspaceId: prev.workspaceId, artifacts: extra.artifacts });
        }
        if (isFinished(status)) webhooksEnqueued = await recordRunEnd(tx, runId, status, prev, extra);
      });
      if (webhooksEnqueued) kickWebhookDispatcher();
    },
    async getNode(runId, nodeId): Promise<RecordedNode | undefined> {
      const [row] = await db.select().from(runNodes).where(node(runId, nodeId));
      if (!row) return undefined;
      return {
        status: row.status,
        ms: row.ms,
        artifacts: row.artifacts,
        outputRefs: (row.outputs as Record<string, ValueRef> | null) ?? null,
        attempts: row.attempts,
      };
    },
  };
}
