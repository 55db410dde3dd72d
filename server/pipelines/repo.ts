import { desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../drizzle/client';
import { pipelines, pipelineVersions } from '../../drizzle/schema';
import type { PipelineGraph } from '../../domain/graph/schema';

export type PipelineRow = typeof pipelines.$inferSelect;

export async function insertPipeline(db: DbOrTx, row: typeof pipelines.$inferInsert): Promise<PipelineRow> {
  const [stored] = await db.insert(pipelines).values(row).returning();
  return stored;
}

export async function getPipeline(db: DbOrTx, id: string): Promise<PipelineRow | undefined> {
  const [row] = await db.select().from(pipelines).where(eq(pipelines.id, id));
  return row;
}

export async function findPipelineByName(db: DbOrTx, name: string): Promise<PipelineRow | undefined> {
  const [row] = await db.select().from(pipelines).where(eq(pipelines.name, name)).orderBy(pipelines.createdAt).limit(1);
  return row;
}

/** Replace the draft (the only mutable graph); returns the new timestamp, undefined if no such pipeline. */
export async function updateDraft(db: DbOrTx, id: string, draft: PipelineGraph): Promise<Date | undefined> {
  const [row] = await db
    .update(pipelines)
    .set({ draft, draftUpdatedAt: new Date() })
    .where(eq(pipelines.id, id))
    .returning({ at: pipelines.draftUpdatedAt });
  return row?.at;
}

export async function setActiveVersion(db: DbOrTx, id: string, versionId: string): Promise<void> {
  await db.update(pipelines).set({ activeVersionId: versionId }).where(eq(pipelines.id, id));
}

const active = alias(pipelineVersions, 'active_version');

/** Summaries for the pipeline list: active version and version count in one query. */
export async function listPipelineSummaries(db: DbOrTx, workspaceId: string) {
  return db
    .select({
      id: pipelines.id,
      name: pipelines.name,
      description: pipelines.description,
      updatedAt: pipelines.draftUpdatedAt,
      activeVersionId: active.id,
      activeSemver: active.semver,
      versionCount: sql<number>`(select count(*)::int from ${pipelineVersions} where ${pipelineVersions.pipelineId} = ${pipelines.id})`,
    })
    .from(pipelines)
    .leftJoin(active, eq(active.id, pipelines.activeVersionId))
    .where(eq(pipelines.workspaceId, workspaceId))
    .orderBy(desc(pipelines.draftUpdatedAt));
}
