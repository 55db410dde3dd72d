import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { cancelRun } from '../runs/cancel';
import { cancelOpenCases } from './driver';
import { evaluationDto, type EvaluationDto } from './dto';
import { listCases, moveEvaluation, runsOf } from './repo';
import { requireEvaluation } from './service';

/**
 * Cancels a running evaluation: its state first (the driver then starts nothing more), the
 * in-flight case runs through the run service (cancelled and charged like any cancelled run),
 * the remaining cases 'cancelled'. Audited 'evaluation.cancelled'. Cancelling twice is harmless;
 * an evaluation that ended otherwise is CONFLICT. costNano: what the case runs had been charged
 * when the cancel was recorded.
 */
export async function cancelEvaluation(deps: ServiceDeps, id: string): Promise<EvaluationDto> {
  const e = await requireEvaluation(deps, id);
  if (e.status !== 'cancelled') {
    const moved = await audited(
      deps,
      (tx) => moveEvaluation(tx, id, 'running', { status: 'cancelled', finishedAt: new Date(), error: { code: 'CANCELLED', message: 'the evaluation was cancelled' } }),
      (ok) => (ok ? { action: 'evaluation.cancelled', objectType: 'evaluation', objectId: id, details: { versionId: e.pipelineVersionId } } : null),
    );
    if (!moved) {
      const now = await requireEvaluation(deps, id);
      if (now.status !== 'cancelled') throw new ServiceError('CONFLICT', `evaluation ${id} has already ended (${now.status})`, { evaluationId: id, status: now.status });
    }
  }
  const cases = await listCases(deps.db, id);
  for (const c of cases) {
    if (c.status !== 'running' || !c.runId) continue;
    await cancelRun(deps, c.runId).catch((err) => {
      if (!(err instanceof ServiceError && err.code === 'CONFLICT')) throw err; // it ended meanwhile
    });
  }
  await cancelOpenCases(deps, id);
  const runs = await runsOf(deps.db, cases.flatMap((c) => (c.runId ? [c.runId] : [])));
  const costNano = runs.reduce((a, r) => a + (r.actualCostNano ?? 0), 0);
  await moveEvaluation(deps.db, id, 'cancelled', { costNano });
  return evaluationDto((await requireEvaluation(deps, id))!, await listCases(deps.db, id));
}
