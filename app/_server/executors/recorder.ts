import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { runNodes, runs } from '../../../drizzle/schema';
import { SYSTEM_ACTOR, type AuditAction } from '../../../domain/audit/events';
import { appendAudit } from '../services/audit';
import { chargeNode, settleRun } from '../services/cost-ledger';
import { enqueueRunEvent } from '../services/webhooks';
import { kickWebhookDispatcher } from '../services/webhooks-dispatcher';
import type { RecordedNode, RunRecorder, ValueRef } from './types';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** The audit event of a run reaching an end state (once: a repeated status writes none). */
const END_ACTION: Partial<Record<string, AuditAction>> = { succeeded: 'run.finished', failed: 'run.failed', cancelled: 'run.cancelled' };

/**
 * RunRecorder on the run / run_nodes tables. Every write is an upsert or a guarded update on
 * the (run_id, node_id) key, so a retried Temporal activity updates its one row instead of
 * adding one. `attempts` counts executions (a node reused after a crash is not counted again).
 */
export function createDbRecorder(db: Db): RunRecorder {
  const node = (runId: string, nodeId: string) => and(eq(runNodes.runId, runId), eq(runNodes.nodeId, nodeId));
  return {
    async nodeStarted(runId, nodeId, kind) {
      await db
        .insert(runNodes)
        .values({ runId, nodeId, kind, status: 'running', attempts: 1, startedAt: new Date() })
        .onConflictDoUpdate({
          target: [runNodes.runId, runNodes.nodeId],
          set: {
            status: 'running',
            progress: 0,
            error: null,
            attempts: sql`${runNodes.attempts} + 1`,
            startedAt: new Date(),
            finishedAt: null,
          },
        });
    },
    async nodeProgress(runId, nodeId, fraction) {
      await db.update(runNodes).set({ progress: fraction }).where(and(node(runId, nodeId), eq(runNodes.status, 'running')));
    },
    async nodeFinished(runId, nodeId, r) {
      // The node's row and its charge commit together (a crash in between would leave a
      // succeeded node that a retried activity reuses without ever charging it).
      await db.transaction(async (tx) => {
        await tx
          .update(runNodes)
          .set({ status: 'succeeded', progress: 1, ms: r.ms, artifacts: r.artifacts, outputs: r.outputRefs, error: null, finishedAt: new Date() })
          .where(node(runId, nodeId));
        if (r.usage) await chargeNode(tx, runId, nodeId, r.usage, r.artifacts.reduce((a, x) => a + x.size, 0));
      });
    },
    async nodeFailed(runId, nodeId, error) {
      await db.update(runNodes).set({ status: 'failed', error, finishedAt: new Date() }).where(node(runId, nodeId));
    },
    async runStatus(runId, status, extra = {}) {
      const now = new Date();
      let webhooksEnqueued = 0;
      await db.transaction(async (tx) => {
        // Row lock: concurrent status writes (retried activity, cancel) see each other's result.
        const [prev] = await tx.select({ status: runs.status, workspaceId: runs.workspaceId }).from(runs).where(eq(runs.id, runId)).for('update');
        await tx
          .update(runs)
          .set({
            status,
            error: extra.error ?? null,
            ...(extra.artifacts ? { artifacts: extra.artifacts } : {}),
            ...(status === 'running' ? { startedAt: sql`coalesce(${runs.startedAt}, now())` } : {}),
            ...(TERMINAL.has(status) ? { finishedAt: now } : {}),
          })
          .where(eq(runs.id, runId));
        // Nodes still marked running when the run ends were interrupted by that end.
        if (status === 'failed' || status === 'cancelled') {
          await tx
            .update(runNodes)
            .set({ status: 'cancelled', finishedAt: now })
            .where(and(eq(runNodes.runId, runId), eq(runNodes.status, 'running')));
        }
        if (TERMINAL.has(status)) await settleRun(tx, runId);
        const action = END_ACTION[status];
        if (prev && prev.status !== status && action) {
          // Webhook deliveries commit with the status they announce (sent after commit).
          webhooksEnqueued = await enqueueRunEvent(tx, runId, status);
          const details = { status, ...(extra.error ? { errorCode: extra.error.code } : {}), ...(extra.artifacts ? { artifacts: extra.artifacts.length } : {}) };
          // The run's workspace: its admins see how their runs ended, no other workspace does.
          await appendAudit(tx, { actor: SYSTEM_ACTOR, origin: {}, workspaceId: prev.workspaceId, action, objectType: 'run', objectId: runId, details });
        }
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
