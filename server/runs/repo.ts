import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { pipelines, pipelineVersions, runNodes, runs, scans } from '../../drizzle/schema';

/**
 * Run rows. Progress writes during a run (node started/progress/finished/failed, run status)
 * go through the executors' RunRecorder (server/runs/recorder.ts), which upserts on
 * (run_id, node_id); this module creates runs and reads them.
 */
export type RunRow = typeof runs.$inferSelect;
export type RunNodeRow = typeof runNodes.$inferSelect;

/** The run and one pending row per node, atomically: a run never exists without its node rows. */
export async function insertRunWithNodes(
  db: DbOrTx,
  run: typeof runs.$inferInsert,
  nodes: { nodeId: string; kind: string }[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(runs).values(run);
    if (nodes.length) await tx.insert(runNodes).values(nodes.map((n) => ({ runId: run.id, ...n, status: 'pending' as const })));
  });
}

const runHeader = {
  run: runs,
  pipelineId: pipelines.id,
  pipelineName: pipelines.name,
  semver: pipelineVersions.semver,
  scanName: scans.name,
  scanFormat: scans.format,
};

function selectRuns(db: DbOrTx) {
  return db
    .select(runHeader)
    .from(runs)
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .innerJoin(scans, eq(scans.id, runs.scanId));
}

export async function getRunWithNodes(db: DbOrTx, id: string) {
  const [header] = await selectRuns(db).where(eq(runs.id, id));
  if (!header) return undefined;
  const nodes = await db.select().from(runNodes).where(eq(runNodes.runId, id));
  return { ...header, nodes };
}

/** Newest first; `scope` limits to a workspace (and to one owner unless it sees all runs). */
export async function listRunHeaders(db: DbOrTx, limit: number, scope?: { workspaceId: string; ownerId: string; seesAllRuns: boolean }) {
  const where = scope ? and(eq(runs.workspaceId, scope.workspaceId), scope.seesAllRuns ? undefined : eq(runs.createdBy, scope.ownerId)) : undefined;
  return selectRuns(db).where(where).orderBy(desc(runs.createdAt)).limit(limit);
}
