import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { pipelines, pipelineVersions } from '../../drizzle/schema';

/** pipeline_versions is insert-only (database trigger): this module only inserts and reads. */
export type VersionRow = typeof pipelineVersions.$inferSelect;

export async function insertVersion(db: DbOrTx, row: typeof pipelineVersions.$inferInsert): Promise<VersionRow> {
  const [stored] = await db.insert(pipelineVersions).values(row).returning();
  return stored;
}

export async function getVersion(db: DbOrTx, id: string): Promise<VersionRow | undefined> {
  const [row] = await db.select().from(pipelineVersions).where(eq(pipelineVersions.id, id));
  return row;
}

/** Newest first. */
export async function listVersions(db: DbOrTx, pipelineId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(pipelineVersions)
    .where(eq(pipelineVersions.pipelineId, pipelineId))
    .orderBy(desc(pipelineVersions.createdAt));
}

export async function findVersionByHash(db: DbOrTx, pipelineId: string, contentHash: string): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(pipelineVersions)
    .where(and(eq(pipelineVersions.pipelineId, pipelineId), eq(pipelineVersions.contentHash, contentHash)));
  return row;
}

/** The pipeline's row locked until the transaction ends (serialises active-version switches). */
export async function lockPipelineActive(tx: DbOrTx, pipelineId: string): Promise<{ id: string; activeVersionId: string | null } | undefined> {
  const [row] = await tx
    .select({ id: pipelines.id, activeVersionId: pipelines.activeVersionId })
    .from(pipelines)
    .where(eq(pipelines.id, pipelineId))
    .for('update');
  return row;
}

/** The oldest pipeline of that name in the workspace, locked (an import adds its version there). */
export async function lockPipelineByName(tx: DbOrTx, workspaceId: string, name: string) {
  const [row] = await tx
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.name, name)))
    .orderBy(pipelines.createdAt)
    .limit(1)
    .for('update');
  return row;
}
