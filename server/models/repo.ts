import { and, desc, eq, notExists } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import type { ModelContract } from '../../domain/models/contract';
import { models, modelVariants, workspaceModels } from '../../drizzle/schema';

/**
 * Models as a workspace sees them: the content-addressed row (bytes, signature, shared by every
 * workspace that registered the same bytes) with the name that workspace gave it. A model no
 * `workspace_models` row links to the workspace does not exist for it.
 */
export type ModelRow = typeof models.$inferSelect & {
  /** The workspace edited the contract (`signature.contract` is then its edit, not the file's). */
  contractEdited?: boolean;
};

const columns = {
  sha256: models.sha256,
  name: workspaceModels.name,
  fileName: models.fileName,
  sizeBytes: models.sizeBytes,
  signature: models.signature,
  contract: workspaceModels.contract,
  createdAt: workspaceModels.createdAt,
};

/** The signature as this workspace sees it: its edit of the contract replaces the file's. */
function asSeen({ contract, ...row }: typeof models.$inferSelect & { contract: ModelContract | null }): ModelRow {
  return contract ? { ...row, signature: { ...row.signature, contract }, contractEdited: true } : { ...row, contractEdited: false };
}

/** Sets (or with null clears) a workspace's edit of a model's contract; false when it has no such model. */
export async function setWorkspaceContract(db: DbOrTx, workspaceId: string, sha256: string, contract: ModelContract | null): Promise<boolean> {
  const updated = await db
    .update(workspaceModels)
    .set({ contract })
    .where(and(eq(workspaceModels.workspaceId, workspaceId), eq(workspaceModels.modelSha256, sha256)))
    .returning({ sha: workspaceModels.modelSha256 });
  return updated.length > 0;
}

/** Insert the bytes' row once per content hash; a second registration keeps the first row. */
export async function insertModel(db: DbOrTx, row: typeof models.$inferInsert): Promise<ModelRow> {
  await db.insert(models).values(row).onConflictDoNothing({ target: models.sha256 });
  const [stored] = await db.select().from(models).where(eq(models.sha256, row.sha256));
  return stored;
}

/** Link stored bytes to a workspace under a name; false when the workspace already had them. */
export async function addWorkspaceModel(db: DbOrTx, row: { workspaceId: string; modelSha256: string; name: string; createdBy: string }): Promise<boolean> {
  const inserted = await db.insert(workspaceModels).values(row).onConflictDoNothing().returning({ sha: workspaceModels.modelSha256 });
  return inserted.length > 0;
}

/** The stored bytes' row whoever registered it: only for registration (never shown to a caller). */
export async function getStoredModel(db: DbOrTx, sha256: string): Promise<ModelRow | undefined> {
  const [row] = await db.select().from(models).where(eq(models.sha256, sha256));
  return row;
}

/**
 * Not a rejected optimised variant: one that was accepted and registered, then measured again
 * and rejected, stays linked but is no longer a model anyone can see or use.
 */
const notRejected = (db: DbOrTx) =>
  notExists(db.select({ sha256: modelVariants.sha256 }).from(modelVariants).where(and(eq(modelVariants.sha256, models.sha256), eq(modelVariants.status, 'rejected'))));

/** A model registered in `workspaceId`, with that workspace's name for it. */
export async function getModel(db: DbOrTx, workspaceId: string, sha256: string): Promise<ModelRow | undefined> {
  const [row] = await db
    .select(columns)
    .from(workspaceModels)
    .innerJoin(models, eq(models.sha256, workspaceModels.modelSha256))
    .where(and(eq(workspaceModels.workspaceId, workspaceId), eq(workspaceModels.modelSha256, sha256), notRejected(db)));
  return row && asSeen(row);
}

/** The models of one workspace, newest registration first (the studio shows the latest on top). */
export async function listModels(db: DbOrTx, workspaceId: string): Promise<ModelRow[]> {
  const rows = await db
    .select(columns)
    .from(workspaceModels)
    .innerJoin(models, eq(models.sha256, workspaceModels.modelSha256))
    .where(and(eq(workspaceModels.workspaceId, workspaceId), notRejected(db)))
    .orderBy(desc(workspaceModels.createdAt));
  return rows.map(asSeen);
}
