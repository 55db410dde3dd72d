import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { evaluationCases, evaluations, runs } from '../../drizzle/schema';
import type { CaseStatus, EvaluationStatus } from '../../domain/evaluation/types';

/** Evaluation rows: state changes are conditional updates (from an expected status), so two drivers never both apply one. */
export type EvaluationRow = typeof evaluations.$inferSelect;
export type EvaluationCaseRow = typeof evaluationCases.$inferSelect;

export async function insertEvaluation(tx: DbOrTx, row: typeof evaluations.$inferInsert, cases: { caseKey: string; position: number }[]): Promise<EvaluationRow> {
  const [stored] = await tx.insert(evaluations).values(row).returning();
  if (cases.length) await tx.insert(evaluationCases).values(cases.map((c) => ({ ...c, evaluationId: stored.id })));
  return stored;
}

export async function getEvaluation(db: DbOrTx, id: string): Promise<EvaluationRow | undefined> {
  const [row] = await db.select().from(evaluations).where(eq(evaluations.id, id));
  return row;
}

export async function getEvaluations(db: DbOrTx, ids: string[]): Promise<EvaluationRow[]> {
  return ids.length ? db.select().from(evaluations).where(inArray(evaluations.id, ids)) : [];
}

export async function listCases(db: DbOrTx, evaluationId: string): Promise<EvaluationCaseRow[]> {
  return db.select().from(evaluationCases).where(eq(evaluationCases.evaluationId, evaluationId)).orderBy(asc(evaluationCases.position));
}

/** Newest first. */
export async function listEvaluationsOfVersion(db: DbOrTx, versionId: string): Promise<EvaluationRow[]> {
  return db.select().from(evaluations).where(eq(evaluations.pipelineVersionId, versionId)).orderBy(desc(evaluations.createdAt));
}

/** The newest succeeded evaluation of identical content on the dataset version, same tolerance and workspace. */
export async function findReusable(db: DbOrTx, k: { workspaceId: string; contentHash: string; datasetVersionId: string; toleranceMm: number }): Promise<EvaluationRow | undefined> {
  const rows = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.workspaceId, k.workspaceId), eq(evaluations.versionContentHash, k.contentHash), eq(evaluations.datasetVersionId, k.datasetVersionId), eq(evaluations.status, 'succeeded')))
    .orderBy(desc(evaluations.finishedAt));
  // real columns round-trip as float4: compare at that precision
  return rows.find((r) => Math.fround(r.toleranceMm) === Math.fround(k.toleranceMm));
}

export async function countRunningCases(db: DbOrTx, evaluationIds: string[]): Promise<number> {
  if (!evaluationIds.length) return 0;
  const [row] = await db.select({ n: count() }).from(evaluationCases).where(and(inArray(evaluationCases.evaluationId, evaluationIds), eq(evaluationCases.status, 'running')));
  return row.n;
}

export async function activeEvaluations(db: DbOrTx): Promise<EvaluationRow[]> {
  return db.select().from(evaluations).where(eq(evaluations.status, 'running')).orderBy(asc(evaluations.createdAt)).limit(100);
}

/** Moves the case from `from` to the new state; false when another driver already moved it. */
export async function moveCase(db: DbOrTx, evaluationId: string, caseKey: string, from: CaseStatus, set: Partial<typeof evaluationCases.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(evaluationCases)
    .set(set)
    .where(and(eq(evaluationCases.evaluationId, evaluationId), eq(evaluationCases.caseKey, caseKey), eq(evaluationCases.status, from)))
    .returning({ k: evaluationCases.caseKey });
  return rows.length > 0;
}

export async function moveEvaluation(db: DbOrTx, id: string, from: EvaluationStatus, set: Partial<typeof evaluations.$inferInsert>): Promise<boolean> {
  const rows = await db.update(evaluations).set(set).where(and(eq(evaluations.id, id), eq(evaluations.status, from))).returning({ id: evaluations.id });
  return rows.length > 0;
}

export async function runsOf(db: DbOrTx, runIds: string[]) {
  if (!runIds.length) return [];
  return db
    .select({ id: runs.id, status: runs.status, artifacts: runs.artifacts, error: runs.error, actualCostNano: runs.actualCostNano })
    .from(runs)
    .where(inArray(runs.id, runIds));
}
