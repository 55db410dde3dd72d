import { and, eq, inArray } from 'drizzle-orm';
import { evaluationCases } from '../../drizzle/schema';
import { isFinished } from '../../domain/runs/status';
import { mappedLabels, summariseCases } from '../../domain/evaluation/summary';
import { systemEvent, appendAudit } from '../audit/service';
import type { ServiceDeps } from '../context';
import { getDatasetVersion, listDatasetCases, type DatasetCaseRow } from '../datasets/repo';
import { ServiceError } from '../errors';
import { getExecutor } from '../runs/executors';
import { startRun } from '../runs/service';
import { cancelRun } from '../runs/cancel';
import { caseMetrics } from './case-metrics';
import { activeEvaluations, countRunningCases, listCases, moveCase, moveEvaluation, runsOf, type EvaluationCaseRow, type EvaluationRow } from './repo';
import { advanceGates } from './gate';

/** Case runs in flight on Temporal, over all evaluations (the in-process executor runs one at a time). */
export const TEMPORAL_CONCURRENCY = 4;
/** Start refusals that are not the case's fault: the case goes back to pending and is tried again. */
const TRANSIENT = new Set(['SHUTTING_DOWN', 'DATABASE_UNAVAILABLE']);
const BOOTSTRAP = { resamples: 2000, seed: 1 };

/** The deps a case run is started with: the system acting in the evaluation's workspace, charged to who started the evaluation. */
function evaluationDeps(deps: ServiceDeps, e: EvaluationRow): ServiceDeps {
  return { ...deps, principal: { kind: 'system', id: 'evaluation', workspaceId: e.workspaceId }, audit: { actor: { type: 'system', id: 'evaluation' }, origin: { workspaceId: e.workspaceId } } };
}

const errorJson = (e: unknown) =>
  e instanceof Error && 'code' in e ? { code: String((e as { code: unknown }).code), message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };

/** Starts the run of one pending case (claimed by a conditional update, so two drivers never both start it). */
async function startCase(deps: ServiceDeps, e: EvaluationRow, c: EvaluationCaseRow, scanId: string): Promise<void> {
  if (c.status === 'pending' && !(await moveCase(deps.db, e.id, c.caseKey, 'pending', { status: 'running' }))) return;
  try {
    const { runId } = await startRun(evaluationDeps(deps, e), { versionId: e.pipelineVersionId, scanId, evaluationId: e.id, owner: { workspaceId: e.workspaceId, userId: e.createdBy } });
    // The evaluation was cancelled while the run started: that run is cancelled too.
    if (!(await moveCase(deps.db, e.id, c.caseKey, 'running', { runId }))) await cancelRun(deps, runId).catch(() => undefined);
  } catch (err) {
    if (err instanceof ServiceError && TRANSIENT.has(err.code)) {
      await moveCase(deps.db, e.id, c.caseKey, 'running', { status: 'pending' });
      return;
    }
    const runId = err instanceof ServiceError && typeof err.details?.runId === 'string' ? err.details.runId : null;
    await moveCase(deps.db, e.id, c.caseKey, 'running', { status: 'failed', runId, error: errorJson(err) });
  }
}

/** A running case whose run ended: scored (succeeded) or failed with the run's (or the scoring's) typed error. */
async function finishCase(deps: ServiceDeps, e: EvaluationRow, c: EvaluationCaseRow, run: Awaited<ReturnType<typeof runsOf>>[number], ref: DatasetCaseRow, scoring: { labels: number[]; mapping: NonNullable<Awaited<ReturnType<typeof getDatasetVersion>>>['labelMapping'] }) {
  if (run.status !== 'succeeded') {
    const cancelled = run.status === 'cancelled';
    await moveCase(deps.db, e.id, c.caseKey, 'running', { status: cancelled ? 'cancelled' : 'failed', error: run.error ?? { code: cancelled ? 'CANCELLED' : 'RUN_FAILED', message: `the case's run ended ${run.status}` } });
    return;
  }
  try {
    const metrics = await caseMetrics(deps.blobs, { artifacts: run.artifacts, referenceSha256: ref.referenceSha256, mapping: scoring.mapping, labels: scoring.labels, toleranceMm: e.toleranceMm });
    await moveCase(deps.db, e.id, c.caseKey, 'running', { status: 'succeeded', metrics });
  } catch (err) {
    await moveCase(deps.db, e.id, c.caseKey, 'running', { status: 'failed', error: errorJson(err) });
  }
}

/** Every case ended: the summary over the scored cases, the runs' cost, succeeded when at least one case was scored. */
async function finishEvaluation(deps: ServiceDeps, e: EvaluationRow, cases: EvaluationCaseRow[], labels: { label: number; name: string }[]) {
  const scored = cases.filter((c) => c.status === 'succeeded');
  const runRows = await runsOf(deps.db, cases.flatMap((c) => (c.runId ? [c.runId] : [])));
  const costNano = runRows.reduce((a, r) => a + (r.actualCostNano ?? 0), 0);
  const status = scored.length ? 'succeeded' : 'failed';
  const summary = scored.length ? summariseCases(scored, labels, BOOTSTRAP) : null;
  const error = scored.length ? null : { code: 'NO_CASE_SCORED', message: 'no case of the evaluation could be scored' };
  await deps.db.transaction(async (tx) => {
    if (!(await moveEvaluation(tx, e.id, 'running', { status, summary, costNano, error, finishedAt: new Date() }))) return;
    await appendAudit(tx, systemEvent(e.workspaceId, { action: 'evaluation.finished', objectType: 'evaluation', objectId: e.id, details: { status, cases: cases.length, scored: scored.length, costNano } }));
  });
}

/**
 * One step of one evaluation: ended runs scored (each frees a slot), free slots filled with
 * pending cases, the end recorded when every case ended. `slots` is shared by the evaluations of
 * one pass: the bound holds over all of them.
 */
export async function advanceEvaluation(deps: ServiceDeps, e: EvaluationRow, slots: { free: number }): Promise<void> {
  const [cases, dv, refs] = await Promise.all([listCases(deps.db, e.id), getDatasetVersion(deps.db, e.datasetVersionId), listDatasetCases(deps.db, e.datasetVersionId)]);
  if (!dv) return;
  const byKey = new Map(refs.map((r) => [r.caseKey, r]));
  const labels = mappedLabels(dv.labelMapping);
  const scoring = { labels: labels.map((l) => l.label), mapping: dv.labelMapping };
  const running = cases.filter((c) => c.status === 'running');
  const runRows = new Map((await runsOf(deps.db, running.flatMap((c) => (c.runId ? [c.runId] : [])))).map((r) => [r.id, r]));
  for (const c of running) {
    const run = c.runId ? runRows.get(c.runId) : undefined;
    if (!c.runId) await startCase(deps, e, c, byKey.get(c.caseKey)!.scanId); // claimed before a restart, never started
    else if (run && isFinished(run.status)) {
      await finishCase(deps, e, c, run, byKey.get(c.caseKey)!, scoring);
      slots.free++;
    }
  }
  for (const c of cases.filter((x) => x.status === 'pending')) {
    if (slots.free <= 0) break;
    slots.free--;
    await startCase(deps, e, c, byKey.get(c.caseKey)!.scanId);
  }
  const now = await listCases(deps.db, e.id);
  if (now.every((c) => c.status !== 'pending' && c.status !== 'running')) await finishEvaluation(deps, e, now, labels);
}

/**
 * One pass over every running evaluation, then over the gates waiting on them. Case runs in
 * flight over all evaluations: one with the in-process executor (one after another), at most
 * TEMPORAL_CONCURRENCY on Temporal.
 */
export async function evaluationTick(deps: ServiceDeps): Promise<void> {
  const executor = await (deps.executor ?? getExecutor)();
  const concurrency = executor.name === 'embedded' ? 1 : TEMPORAL_CONCURRENCY;
  const active = await activeEvaluations(deps.db);
  const slots = { free: concurrency - (await countRunningCases(deps.db, active.map((e) => e.id))) };
  for (const e of active) {
    // one evaluation's trouble (a database hiccup, a missing blob) does not hold up the others
    await advanceEvaluation(deps, e, slots).catch((err) => console.error(`[studio] evaluation ${e.id}: pass failed (retried at the next tick):`, err instanceof Error ? err.message : err));
  }
  await advanceGates(deps);
}

/** Marks the still-open cases of a cancelled evaluation cancelled (the in-flight run is cancelled by the caller). */
export async function cancelOpenCases(deps: Pick<ServiceDeps, 'db'>, evaluationId: string): Promise<void> {
  await deps.db
    .update(evaluationCases)
    .set({ status: 'cancelled', error: { code: 'CANCELLED', message: 'the evaluation was cancelled' } })
    .where(and(eq(evaluationCases.evaluationId, evaluationId), inArray(evaluationCases.status, ['pending', 'running'])));
}

type Running = { timer: NodeJS.Timeout; pass: () => Promise<void>; current: () => Promise<void> };
const g = globalThis as { __studioEvaluations?: Running };

/**
 * The process's evaluation driver: a pass every intervalMs (one at a time). Evaluations and
 * gates live in the database, so a driver started after a restart resumes where the last one
 * stopped: ended runs are scored, pending cases started.
 */
export function startEvaluationDriver(deps: ServiceDeps, opts: { intervalMs: number }): void {
  if (g.__studioEvaluations) return;
  let busy: Promise<void> | null = null;
  const pass = () =>
    (busy ??= evaluationTick(deps)
      .catch((e) => console.error('[studio] evaluation pass failed (retrying at the next tick):', e instanceof Error ? e.message : e))
      .finally(() => {
        busy = null;
      }));
  const timer = setInterval(() => void pass(), opts.intervalMs);
  timer.unref();
  g.__studioEvaluations = { timer, pass, current: () => busy ?? Promise.resolve() };
}

/** Stops the timer and waits for the pass in progress (a stopped driver writes nothing more). */
export async function stopEvaluationDriver(): Promise<void> {
  const running = g.__studioEvaluations;
  g.__studioEvaluations = undefined;
  clearInterval(running?.timer);
  await running?.current();
}

/** Runs a pass now when this process drives evaluations (after a start or publish), else nothing. */
export function nudgeEvaluationDriver(): void {
  void g.__studioEvaluations?.pass();
}
