import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../drizzle/client';
import { models } from '../../../drizzle/schema';

export type ModelRow = typeof models.$inferSelect;

/** Insert once per content hash; a second registration of the same bytes keeps the first row. */
export async function insertModel(db: DbOrTx, row: typeof models.$inferInsert): Promise<ModelRow> {
  await db.insert(models).values(row).onConflictDoNothing({ target: models.sha256 });
  const [stored] = await db.select().from(models).where(eq(models.sha256, row.sha256));
  return stored;
}

export async function getModel(db: DbOrTx, sha256: string): Promise<ModelRow | undefined> {
  const [row] = await db.select().from(models).where(eq(models.sha256, sha256));
  return row;
}

/** Newest first: the studio shows the latest uploads on top. */
export async function listModels(db: DbOrTx): Promise<ModelRow[]> {
  return db.select().from(models).orderBy(desc(models.createdAt));
}
