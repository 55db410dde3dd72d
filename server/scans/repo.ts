import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { scans } from '../../drizzle/schema';

export type ScanRow = typeof scans.$inferSelect;

export async function insertScan(db: DbOrTx, row: typeof scans.$inferInsert): Promise<ScanRow> {
  const [stored] = await db.insert(scans).values(row).returning();
  return stored;
}

export async function getScan(db: DbOrTx, id: string): Promise<ScanRow | undefined> {
  const [row] = await db.select().from(scans).where(eq(scans.id, id));
  return row;
}

/** Newest first; `scope` limits to a workspace (and to one uploader unless it sees all). */
export async function listScans(db: DbOrTx, scope?: { workspaceId: string; ownerId: string; seesAllRuns: boolean }): Promise<ScanRow[]> {
  const where = scope ? and(eq(scans.workspaceId, scope.workspaceId), scope.seesAllRuns ? undefined : eq(scans.createdBy, scope.ownerId)) : undefined;
  return db.select().from(scans).where(where).orderBy(desc(scans.createdAt));
}

/** Record the derived viewer volume (idempotent: concurrent conversions write the same sha). */
export async function setScanVolume(db: DbOrTx, id: string, volumeSha256: string): Promise<void> {
  await db.update(scans).set({ volumeSha256 }).where(eq(scans.id, id));
}

/** A scan holding a file with this content (jsonb containment), e.g. to seed idempotently. */
export async function findScanByFile(db: DbOrTx, sha256: string): Promise<ScanRow | undefined> {
  const [row] = await db
    .select()
    .from(scans)
    .where(sql`${scans.files} @> ${JSON.stringify([{ sha256 }])}::jsonb`)
    .limit(1);
  return row;
}
