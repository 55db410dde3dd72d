import { principalId } from '../../domain/auth/permissions';
import { mappedLabels } from '../../domain/evaluation/summary';
import { audited } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { getDatasetVersion, listDatasetCases } from '../datasets/repo';
import { requireDatasetVersion } from '../datasets/read';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { requireVersion } from '../versions/service';
import { caseDto, evaluationDto, worstFirst, type EvaluationDto, type EvaluationReportDto } from './dto';
import { findReusable, getEvaluation, insertEvaluation, listCases, listEvaluationsOfVersion, type EvaluationRow } from './repo';

export const MAX_CASES = 1000;
export const MAX_TOLERANCE_MM = 50;

/** An evaluation of the caller's workspace. */
export async function requireEvaluation(deps: Pick<ServiceDeps, 'db' | 'principal'>, id: string): Promise<EvaluationRow> {
  const e = await getEvaluation(deps.db, id);
  if (!e || e.workspaceId !== scopeOf(deps).workspaceId) throw new ServiceError('NOT_FOUND', `evaluation ${id} not found`);
  return e;
}

/**
 * Evaluate a published version over a dataset version: one run per case, started by the
 * evaluation driver (driver.ts) through startRun, so each run is costed, audited and executed
 * like any other. A succeeded evaluation of identical version content, dataset version and
 * tolerance is returned instead (`reused: true`, nothing runs). Audited 'evaluation.started'.
 */
export async function startEvaluation(deps: ServiceDeps, args: { versionId: string; datasetVersionId: string; toleranceMm?: number }): Promise<{ evaluation: EvaluationDto; reused: boolean }> {
  const toleranceMm = args.toleranceMm ?? 1;
  if (!Number.isFinite(toleranceMm) || toleranceMm <= 0 || toleranceMm > MAX_TOLERANCE_MM) throw new ServiceError('BAD_REQUEST', `toleranceMm must be in (0, ${MAX_TOLERANCE_MM}] mm`, { toleranceMm });
  const [version, dv] = await Promise.all([requireVersion(deps, args.versionId), requireDatasetVersion(deps, args.datasetVersionId)]);
  const workspaceId = scopeOf(deps).workspaceId;
  const reusable = await findReusable(deps.db, { workspaceId, contentHash: version.contentHash, datasetVersionId: dv.id, toleranceMm });
  if (reusable) return { evaluation: evaluationDto(reusable, await listCases(deps.db, reusable.id)), reused: true };
  const cases = await listDatasetCases(deps.db, dv.id);
  if (!cases.length) throw new ServiceError('BAD_REQUEST', `dataset version ${dv.id} has no cases`);
  if (cases.length > MAX_CASES) throw new ServiceError('BAD_REQUEST', `an evaluation takes at most ${MAX_CASES} cases (the dataset version has ${cases.length})`);
  if (!mappedLabels(dv.labelMapping).length) throw new ServiceError('BAD_REQUEST', `dataset version ${dv.id} maps no reference value to a pipeline label`);
  const id = newId('ev');
  const createdBy = deps.principal ? principalId(deps.principal) : (deps.audit?.actor.id ?? 'system');
  const row = await audited(
    deps,
    (tx) =>
      insertEvaluation(
        tx,
        { id, workspaceId, pipelineVersionId: version.id, versionContentHash: version.contentHash, datasetVersionId: dv.id, status: 'running', toleranceMm, createdBy, startedAt: new Date() },
        cases.map((c, position) => ({ caseKey: c.caseKey, position })),
      ),
    () => ({ action: 'evaluation.started', objectType: 'evaluation', objectId: id, details: { versionId: version.id, datasetVersionId: dv.id, cases: cases.length, toleranceMm } }),
  );
  return { evaluation: evaluationDto(row, await listCases(deps.db, id)), reused: false };
}

export async function getEvaluationDto(deps: Pick<ServiceDeps, 'db' | 'principal'>, id: string): Promise<EvaluationDto> {
  const e = await requireEvaluation(deps, id);
  return evaluationDto(e, await listCases(deps.db, id));
}

/** The evaluation with its cases worst-first (see EvaluationReportDto). */
export async function evaluationReport(deps: Pick<ServiceDeps, 'db' | 'principal'>, id: string): Promise<EvaluationReportDto> {
  const e = await requireEvaluation(deps, id);
  const [cases, dv, datasetCases] = await Promise.all([listCases(deps.db, id), getDatasetVersion(deps.db, e.datasetVersionId), listDatasetCases(deps.db, e.datasetVersionId)]);
  const scans = new Map(datasetCases.map((c) => [c.caseKey, c.scanId]));
  return { evaluation: evaluationDto(e, cases), labels: dv ? mappedLabels(dv.labelMapping) : [], cases: worstFirst(cases.map((c) => caseDto(c, scans.get(c.caseKey) ?? null))) };
}

/** A version's evaluations, newest first. */
export async function listEvaluationsOfVersionDto(deps: Pick<ServiceDeps, 'db' | 'principal'>, versionId: string): Promise<EvaluationDto[]> {
  await requireVersion(deps, versionId);
  const rows = await listEvaluationsOfVersion(deps.db, versionId);
  return Promise.all(rows.map(async (e) => evaluationDto(e, await listCases(deps.db, e.id))));
}
