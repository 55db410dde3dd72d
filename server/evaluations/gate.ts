import { and, eq } from 'drizzle-orm';
import { pipelines, pipelineVersions, versionGates } from '../../drizzle/schema';
import { checkCriteria, failingCriteria } from '../../domain/evaluation/criteria';
import type { CriterionResult, LabelSummary } from '../../domain/evaluation/types';
import type { Bump } from '../../domain/versioning/semver';
import type { Target } from '../../domain/nodes/spec';
import { appendAudit, auditEvent, systemEvent } from '../audit/service';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { setActiveVersion } from '../pipelines/repo';
import { getGate, type GateRow } from '../versions/gates';
import { publishVersion, requireVersion } from '../versions/service';
import { getEvaluations } from './repo';
import { startEvaluation } from './service';

export const OVERRIDE_REASON_MAX = 1000;
/** Failing criteria named in an audit event (details are bounded). */
const AUDITED_RESULTS = 10;

const brief = (r: CriterionResult) => ({ datasetVersionId: r.datasetVersionId, label: r.label, metric: r.metric, statistic: r.statistic, threshold: r.threshold, value: r.value });

/** The system acting in the version's workspace (a gate resumed by the driver). */
async function workspaceDeps(deps: ServiceDeps, versionId: string): Promise<ServiceDeps> {
  const [row] = await deps.db.select({ workspaceId: pipelines.workspaceId }).from(pipelineVersions).innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId)).where(eq(pipelineVersions.id, versionId));
  const workspaceId = row?.workspaceId ?? 'ws_default';
  return { ...deps, principal: { kind: 'system', id: 'evaluation', workspaceId }, audit: { actor: { type: 'system', id: 'evaluation' }, origin: { workspaceId } } };
}

/**
 * One step of an evaluating gate: an evaluation per distinct dataset version of its criteria
 * (started, or reused), then, once every one has ended, the decision: all criteria met ->
 * 'passed' and the version becomes active; else 'refused' with the results. Each decision is
 * audited (version.gate.passed / version.gate.refused) with the state change.
 */
export async function advanceGate(deps: ServiceDeps, gate: GateRow): Promise<GateRow> {
  let ids = gate.evaluationIds;
  if (!ids.length) {
    const datasetVersionIds = [...new Set(gate.criteria.map((c) => c.datasetVersionId))];
    ids = [];
    for (const datasetVersionId of datasetVersionIds) ids.push((await startEvaluation(deps, { versionId: gate.versionId, datasetVersionId })).evaluation.id);
    await deps.db.update(versionGates).set({ evaluationIds: ids }).where(eq(versionGates.versionId, gate.versionId));
  }
  const evals = await getEvaluations(deps.db, ids);
  if (evals.some((e) => e.status === 'running' || e.status === 'queued')) return { ...gate, evaluationIds: ids };
  const summaries: Record<string, LabelSummary[] | null> = Object.fromEntries(evals.map((e) => [e.datasetVersionId, e.status === 'succeeded' ? e.summary : null]));
  const results = checkCriteria(gate.criteria, summaries);
  const passed = failingCriteria(results).length === 0;
  const version = await requireVersion(deps, gate.versionId);
  await deps.db.transaction(async (tx) => {
    const moved = await tx
      .update(versionGates)
      .set({ state: passed ? 'passed' : 'refused', results, decidedBy: 'evaluation', decidedAt: new Date() })
      .where(and(eq(versionGates.versionId, gate.versionId), eq(versionGates.state, 'evaluating')))
      .returning();
    if (!moved.length) return; // another pass decided it
    if (passed) await setActiveVersion(tx, version.pipelineId, version.id);
    const [{ workspaceId }] = await tx.select({ workspaceId: pipelines.workspaceId }).from(pipelines).where(eq(pipelines.id, version.pipelineId));
    const details = { pipelineId: version.pipelineId, semver: version.semver, evaluationIds: ids, failing: failingCriteria(results).slice(0, AUDITED_RESULTS).map(brief) };
    await appendAudit(tx, systemEvent(workspaceId, { action: passed ? 'version.gate.passed' : 'version.gate.refused', objectType: 'version', objectId: version.id, details }));
  });
  return (await getGate(deps.db, gate.versionId))!;
}

/** Every evaluating gate one step on (the evaluation driver's pass). */
export async function advanceGates(deps: ServiceDeps): Promise<void> {
  const open = await deps.db.select().from(versionGates).where(eq(versionGates.state, 'evaluating')).limit(100);
  for (const gate of open) {
    // re-read: a concurrent pass may have decided it, or recorded its evaluations
    const now = await getGate(deps.db, gate.versionId);
    if (now?.state === 'evaluating') await advanceGate(await workspaceDeps(deps, gate.versionId), now);
  }
}

/**
 * Publish through the acceptance gate (the studio's and API's publish). Without criteria
 * exactly publishVersion. With criteria the version is stored inactive and evaluated; when
 * every evaluation is reused the decision is immediate and a refusal throws PUBLISH_REFUSED
 * (details.failing: the failing criteria with their values); else the gate is 'evaluating'.
 */
export async function publishGated(deps: ServiceDeps, args: { pipelineId: string; bump: Bump; notes?: string; targets?: Target[] }) {
  const published = await publishVersion(deps, args);
  if (!published.gate) return { id: published.id, semver: published.semver, contentHash: published.contentHash, gate: null };
  const gate = await advanceGate(deps, (await getGate(deps.db, published.id))!);
  if (gate.state === 'refused') {
    const failing = failingCriteria(gate.results);
    throw new ServiceError('PUBLISH_REFUSED', `v${published.semver} fails ${failing.length} acceptance criteria: it is stored but not active (an admin may override)`, { versionId: published.id, semver: published.semver, failing });
  }
  return { id: published.id, semver: published.semver, contentHash: published.contentHash, gate: { state: gate.state, results: gate.results } };
}

/** An admin makes a refused version active anyway; the reason and the failing results are audited. */
export async function overrideGate(deps: ServiceDeps, args: { versionId: string; reason: string }) {
  const reason = args.reason.trim();
  if (!reason) throw new ServiceError('BAD_REQUEST', 'an override needs a reason');
  if (reason.length > OVERRIDE_REASON_MAX) throw new ServiceError('BAD_REQUEST', `the reason is longer than ${OVERRIDE_REASON_MAX} characters`);
  const version = await requireVersion(deps, args.versionId);
  const decidedBy = deps.audit?.actor.id ?? 'system';
  return deps.db.transaction(async (tx) => {
    const [gate] = await tx.select().from(versionGates).where(eq(versionGates.versionId, version.id)).for('update');
    if (!gate) throw new ServiceError('CONFLICT', `v${version.semver} was published without acceptance criteria: nothing to override`, { versionId: version.id });
    if (gate.state !== 'refused') throw new ServiceError('CONFLICT', `only a refused version can be overridden (v${version.semver} is ${gate.state})`, { versionId: version.id, gate: gate.state });
    await tx.update(versionGates).set({ state: 'overridden', overrideReason: reason, decidedBy, decidedAt: new Date() }).where(eq(versionGates.versionId, version.id));
    await setActiveVersion(tx, version.pipelineId, version.id);
    const failing = failingCriteria(gate.results).slice(0, AUDITED_RESULTS).map(brief);
    await appendAudit(tx, auditEvent(deps, { action: 'version.gate.overridden', objectType: 'version', objectId: version.id, details: { pipelineId: version.pipelineId, semver: version.semver, reason, failing } }));
    return { versionId: version.id, gate: 'overridden' as const, publishedOverFailedCriteria: true };
  });
}
