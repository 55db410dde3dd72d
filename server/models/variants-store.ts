import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { modelVariants, workspaceModels } from '../../drizzle/schema';

export type ModelVariantRow = typeof modelVariants.$inferSelect;

/** Insert, or refresh the report of a variant made again (the transforms are deterministic). */
export async function upsertVariant(db: DbOrTx, row: typeof modelVariants.$inferInsert): Promise<ModelVariantRow> {
  const [stored] = await db
    .insert(modelVariants)
    .values(row)
    .onConflictDoUpdate({ target: modelVariants.sha256, set: { report: row.report, calibrationScanId: row.calibrationScanId, referenceScanId: row.referenceScanId } })
    .returning();
  return stored;
}

export async function getVariant(db: DbOrTx, sha256: string): Promise<ModelVariantRow | undefined> {
  const [row] = await db.select().from(modelVariants).where(eq(modelVariants.sha256, sha256));
  return row;
}

/** Variants registered in a workspace, newest first, with the name that workspace gave them. */
export async function listVariants(db: DbOrTx, workspaceId: string, sourceSha256?: string) {
  const rows = await db
    .select({ variant: modelVariants, name: workspaceModels.name })
    .from(modelVariants)
    .innerJoin(workspaceModels, and(eq(workspaceModels.modelSha256, modelVariants.sha256), eq(workspaceModels.workspaceId, workspaceId)))
    .where(sourceSha256 ? eq(modelVariants.sourceSha256, sourceSha256) : undefined)
    .orderBy(desc(modelVariants.createdAt));
  return rows.map((r) => ({ ...r.variant, name: r.name }));
}
