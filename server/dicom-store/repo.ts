import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { dicomInstances, dicomSeries } from '../../drizzle/schema';

export type InstanceRow = typeof dicomInstances.$inferSelect;
export type InstanceInsert = typeof dicomInstances.$inferInsert;
export type SeriesRow = typeof dicomSeries.$inferSelect;

/**
 * Stores the index row of an instance; a second copy of the same SOPInstanceUID in the
 * workspace replaces the first (its bytes, attributes, scan). Returns whether it replaced one.
 */
export async function upsertInstance(db: DbOrTx, row: InstanceInsert): Promise<{ replaced: boolean }> {
  const { workspaceId, sopInstanceUid, ...rest } = row;
  const [r] = await db
    .insert(dicomInstances)
    .values(row)
    .onConflictDoUpdate({ target: [dicomInstances.workspaceId, dicomInstances.sopInstanceUid], set: { ...rest, receivedAt: sql`now()` } })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return { replaced: !r.inserted };
}

/** Records that an instance of a series arrived now (a new one counts; a replaced one does not). */
export async function touchSeries(db: DbOrTx, s: { workspaceId: string; seriesUid: string; studyUid: string; modality: string }, isNew: boolean): Promise<void> {
  await db
    .insert(dicomSeries)
    .values({ ...s, instances: isNew ? 1 : 0 })
    .onConflictDoUpdate({
      target: [dicomSeries.workspaceId, dicomSeries.seriesUid],
      set: { instances: sql`${dicomSeries.instances} + ${isNew ? 1 : 0}`, lastReceivedAt: sql`now()`, modality: s.modality || sql`${dicomSeries.modality}` },
    });
}

export async function instancesOfSeries(db: DbOrTx, workspaceId: string, seriesUid: string): Promise<InstanceRow[]> {
  return db
    .select()
    .from(dicomInstances)
    .where(and(eq(dicomInstances.workspaceId, workspaceId), eq(dicomInstances.seriesUid, seriesUid)))
    .orderBy(dicomInstances.instanceNumber, dicomInstances.sopInstanceUid);
}

export async function getSeries(db: DbOrTx, workspaceId: string, seriesUid: string): Promise<SeriesRow | undefined> {
  const [row] = await db.select().from(dicomSeries).where(and(eq(dicomSeries.workspaceId, workspaceId), eq(dicomSeries.seriesUid, seriesUid)));
  return row;
}
