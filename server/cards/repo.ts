import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import type { ModelCard } from '../../domain/cards/card';
import type { PipelineCard, VersionCard } from '../../domain/cards/version-card';
import { pipelines, versionCards, workspaceModels } from '../../drizzle/schema';

/** A workspace's own card of a model (null: none saved, the file's applies). */
export async function getWorkspaceCard(db: DbOrTx, workspaceId: string, sha256: string): Promise<ModelCard | null> {
  const [row] = await db
    .select({ card: workspaceModels.card })
    .from(workspaceModels)
    .where(and(eq(workspaceModels.workspaceId, workspaceId), eq(workspaceModels.modelSha256, sha256)));
  return row?.card ?? null;
}

export async function setWorkspaceCard(db: DbOrTx, workspaceId: string, sha256: string, card: ModelCard | null): Promise<boolean> {
  const updated = await db
    .update(workspaceModels)
    .set({ card })
    .where(and(eq(workspaceModels.workspaceId, workspaceId), eq(workspaceModels.modelSha256, sha256)))
    .returning({ sha: workspaceModels.modelSha256 });
  return updated.length > 0;
}

export async function setPipelineCard(db: DbOrTx, pipelineId: string, card: PipelineCard): Promise<boolean> {
  const updated = await db.update(pipelines).set({ card }).where(eq(pipelines.id, pipelineId)).returning({ id: pipelines.id });
  return updated.length > 0;
}

/** version_cards is insert-only (database trigger): pinned once, read after. */
export async function insertVersionCard(db: DbOrTx, versionId: string, card: VersionCard): Promise<void> {
  await db.insert(versionCards).values({ versionId, card });
}

export async function getVersionCard(db: DbOrTx, versionId: string): Promise<VersionCard | undefined> {
  const [row] = await db.select({ card: versionCards.card }).from(versionCards).where(eq(versionCards.versionId, versionId));
  return row?.card;
}
