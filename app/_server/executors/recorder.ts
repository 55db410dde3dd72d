import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { runNodes, runs } from '../../../drizzle/schema';
import type { RecordedNode, RunRecorder, ValueRef } from './types';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

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
      await db
        .update(runNodes)
        .set({ status: 'succeeded', progress: 1, ms: r.ms, artifacts: r.artifacts, outputs: r.outputRefs, error: null, finishedAt: new Date() })
        .where(node(runId, nodeId));
    },
    async nodeFailed(runId, nodeId, error) {
      await db.update(runNodes).set({ status: 'failed', error, finishedAt: new Date() }).where(node(runId, nodeId));
    },
    async runStatus(runId, status, extra = {}) {
      const now = new Date();
      await db
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
        await db
          .update(runNodes)
          .set({ status: 'cancelled', finishedAt: now })
          .where(and(eq(runNodes.runId, runId), eq(runNodes.status, 'running')));
      }
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
