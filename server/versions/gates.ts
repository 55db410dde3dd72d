import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { acceptanceCriteria, evaluations, versionGates } from '../../drizzle/schema';
import type { Criterion } from '../../domain/evaluation/types';
import { ServiceError } from '../errors';

/**
 * Storage of acceptance criteria (per pipeline) and version gates (per version published under
 * criteria). The decisions live in server/evaluations/gate.ts; this module is what versions and
 * runs need to know without depending on evaluations.
 */
export type GateRow = typeof versionGates.$inferSelect;

export async function getCriteria(db: DbOrTx, pipelineId: string): Promise<Criterion[]> {
  const [row] = await db.select({ criteria: acceptanceCriteria.criteria }).from(acceptanceCriteria).where(eq(acceptanceCriteria.pipelineId, pipelineId));
  return row?.criteria ?? [];
}

export async function getGate(db: DbOrTx, versionId: string): Promise<GateRow | undefined> {
  const [row] = await db.select().from(versionGates).where(eq(versionGates.versionId, versionId));
  return row;
}

export async function getGates(db: DbOrTx, versionIds: string[]): Promise<GateRow[]> {
  return versionIds.length ? db.select().from(versionGates).where(inArray(versionGates.versionId, versionIds)) : [];
}

/** A gate that keeps the version from running and from becoming active. */
export const isBlocking = (gate: Pick<GateRow, 'state'> | undefined) => gate?.state === 'evaluating' || gate?.state === 'refused';

/**
 * Refuses (VERSION_GATED) a run of a version whose gate is evaluating or refused, unless it is
 * a case run of an evaluation of that very version.
 */
export async function assertRunnable(db: DbOrTx, versionId: string, evaluationId?: string): Promise<void> {
  const gate = await getGate(db, versionId);
  if (!isBlocking(gate)) return;
  if (evaluationId) {
    const [own] = await db.select({ id: evaluations.id }).from(evaluations).where(and(eq(evaluations.id, evaluationId), eq(evaluations.pipelineVersionId, versionId)));
    if (own) return;
  }
  throw new ServiceError('VERSION_GATED', `this version was published under acceptance criteria and is ${gate!.state === 'refused' ? 'refused' : 'still being evaluated'}: it cannot run`, { versionId, gate: gate!.state });
}
