import { and, desc, eq, isNotNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../drizzle/client';
import { modelVariants, workspaceModels } from '../../drizzle/schema';

export type ModelVariantRow = typeof modelVariants.$inferSelect;

/** Insert, or refresh the report and verdict of a variant made again (the transforms are deterministic). */
export async function upsertVariant(db: DbOrTx, row: typeof modelVariants.$inferInsert): Promise<ModelVariantRow> {
  const [stored] = await db
    .insert(modelVariants)
    .values(row)
    .onConflictDoUpdate({ target: modelVariants.sha256, set: { report: row.report, status: row.status, calibrationScanId: row.calibrationScanId, referenceScanId: row.referenceScanId } })
    .returning();
  return stored;
}

export async function getVariant(db: DbOrTx, sha256: string): Promise<ModelVariantRow | undefined> {
  const [row] = await db.select().from(modelVariants).where(eq(modelVariants.sha256, sha256));
  return row;
}

const source = alias(workspaceModels, 'source_link');
const own = alias(workspaceModels, 'variant_link');

/**
 * Variants a workspace sees, newest first: the accepted ones registered in it (with the name it
 * gave them) and the rejected ones of its models (never registered; `name` null).
 */
export async function listVariants(db: DbOrTx, workspaceId: string, sourceSha256?: string) {
  const rows = await db
    .select({ variant: modelVariants, name: own.name, sourceName: source.name })
    .from(modelVariants)
    .innerJoin(source, and(eq(source.modelSha256, modelVariants.sourceSha256), eq(source.workspaceId, workspaceId)))
    .leftJoin(own, and(eq(own.modelSha256, modelVariants.sha256), eq(own.workspaceId, workspaceId)))
    .where(and(
      sourceSha256 ? eq(modelVariants.sourceSha256, sourceSha256) : undefined,
      or(and(eq(modelVariants.status, 'accepted'), isNotNull(own.name)), eq(modelVariants.status, 'rejected')),
    ))
    .orderBy(desc(modelVariants.createdAt));
  return rows.map((r) => ({ ...r.variant, name: r.name, sourceName: r.sourceName }));
}
