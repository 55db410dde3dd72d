import { asc, desc, eq, max } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { datasetCases, datasets, datasetVersions } from '../../drizzle/schema';
import { canonicalJson } from '../../domain/versioning/canonical';
import { sha256Hex } from '../../domain/sha256';
import type { LabelMapping } from '../../domain/evaluation/types';

/** dataset_versions and dataset_cases are insert-only (database triggers): this module only inserts and reads. */
export type DatasetRow = typeof datasets.$inferSelect;
export type DatasetVersionRow = typeof datasetVersions.$inferSelect;
export type DatasetCaseRow = typeof datasetCases.$inferSelect;

/** What a case contributes to its version's identity: its key, the scan's file hashes and the reference's label map. */
export interface CaseContent {
  caseKey: string;
  scanSha256s: string[];
  referenceSha256: string;
}

/** sha256 of the canonical JSON of the cases (sorted by key) and the label mapping. */
export async function datasetContentHash(cases: CaseContent[], labelMapping: LabelMapping): Promise<string> {
  const sorted = [...cases].sort((a, b) => (a.caseKey < b.caseKey ? -1 : a.caseKey > b.caseKey ? 1 : 0));
  return sha256Hex(canonicalJson({ cases: sorted.map((c) => ({ ...c, scanSha256s: [...c.scanSha256s].sort() })), labelMapping }));
}

export async function insertDataset(db: DbOrTx, row: typeof datasets.$inferInsert): Promise<DatasetRow> {
  const [stored] = await db.insert(datasets).values(row).returning();
  return stored;
}

export async function getDataset(db: DbOrTx, id: string): Promise<DatasetRow | undefined> {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
  return row;
}

/** Inserts the version and its cases (call inside the caller's transaction). `number` is the next one for the dataset. */
export async function insertDatasetVersion(
  tx: DbOrTx,
  version: Omit<typeof datasetVersions.$inferInsert, 'number' | 'caseCount'>,
  cases: Omit<typeof datasetCases.$inferInsert, 'datasetVersionId' | 'position'>[],
): Promise<DatasetVersionRow> {
  const [{ top }] = await tx.select({ top: max(datasetVersions.number) }).from(datasetVersions).where(eq(datasetVersions.datasetId, version.datasetId));
  const [stored] = await tx
    .insert(datasetVersions)
    .values({ ...version, number: (top ?? 0) + 1, caseCount: cases.length })
    .returning();
  if (cases.length) await tx.insert(datasetCases).values(cases.map((c, position) => ({ ...c, datasetVersionId: stored.id, position })));
  return stored;
}

export async function getDatasetVersion(db: DbOrTx, id: string): Promise<DatasetVersionRow | undefined> {
  const [row] = await db.select().from(datasetVersions).where(eq(datasetVersions.id, id));
  return row;
}

/** Newest first. */
export async function listDatasetVersions(db: DbOrTx, datasetId: string): Promise<DatasetVersionRow[]> {
  return db.select().from(datasetVersions).where(eq(datasetVersions.datasetId, datasetId)).orderBy(desc(datasetVersions.number));
}

/** The cases of a version in upload order. */
export async function listDatasetCases(db: DbOrTx, datasetVersionId: string): Promise<DatasetCaseRow[]> {
  return db.select().from(datasetCases).where(eq(datasetCases.datasetVersionId, datasetVersionId)).orderBy(asc(datasetCases.position));
}
