import type { Target } from '../../domain/nodes/spec';
import { assertGraphSize } from '../../domain/graph/limits';
import { hasErrors } from '../../domain/validation/issue';
import { graphTargetOffences } from '../../runtimes/edge/compat';
import { validateGraph } from '../../domain/validation/validate';
import { contentHash } from '../../domain/versioning/hash';
import { nextSemver, type Bump } from '../../domain/versioning/semver';
import { pgErrorOf, UNIQUE_VIOLATION } from '../../drizzle/pg-error';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { setActiveVersion } from '../pipelines/repo';
import { findVersionByHash, getVersion, insertVersion, listVersions, type VersionRow } from './repo';
import { appendAudit, auditEvent } from '../audit/service';
import type { ServiceDeps } from '../context';
import { resolveModelFiles } from '../../domain/models/refs';
import { loadModelLookup } from '../models/service';
import { requirePipeline } from '../pipelines/service';
import { contractPins, modelRefsOf } from '../../domain/versioning/pins';
import { refuseRejectedVariants } from '../models/variant-gate';
import { pinsFor } from './pins';
import { getCriteria, getGate, getGates, type GateRow } from './gates';
import { versionGates } from '../../drizzle/schema';
import type { CriterionResult, GateState } from '../../domain/evaluation/types';
import { pinVersionCard } from '../cards/pin';

/**
 * Publish the draft as an immutable version: model file refs pinned to sha256, validated
 * (any error refuses: PIPELINE_INVALID with the issues), content-hashed (the same content
 * published before: VERSION_EXISTS), checked against every requested runtime target (an
 * operator a target lacks: TARGET_UNSUPPORTED naming it), semver bumped from the highest existing version. The
 * version insert and the active-version switch commit together. Pins (node kind@versions, model
 * sha256s, runtime package versions) are stored beside the graph, outside its content hash.
 * A pipeline with acceptance criteria: the version is stored but not made active; its gate
 * ('evaluating') is written in the same transaction and server/evaluations/gate.ts takes over.
 * Its card (server/cards/pin.ts) is pinned in the same transaction.
 */
export async function publishVersion(deps: ServiceDeps, args: { pipelineId: string; bump: Bump; notes?: string; targets?: Target[] }) {
  const pipeline = await requirePipeline(deps, args.pipelineId);
  assertGraphSize(pipeline.draft); // a draft stored before the limits existed is refused, not walked
  const models = await loadModelLookup(deps);
  const { graph, missing } = resolveModelFiles(pipeline.draft, (file) => models.byFile(file)?.sha256);
  // A rejected optimised variant is named as such, not as an unknown model.
  await refuseRejectedVariants(deps.db, { sha256s: modelRefsOf(graph).filter((r) => !models(r)).map((r) => r.sha256), files: missing }, pipeline.workspaceId);
  const issues = validateGraph(graph, models);
  if (hasErrors(issues)) {
    throw new ServiceError('PIPELINE_INVALID', `the pipeline has ${issues.filter((i) => i.severity === 'error').length} error(s); fix them before publishing`, { issues });
  }
  const offences = graphTargetOffences(graph, models, args.targets ?? ['server-cpu']);
  if (offences.length) {
    const named = offences.map((o) => `${o.nodeId} on ${o.target}: ${o.offending.map((x) => x.operator).join(', ')}`).join('; ');
    throw new ServiceError('TARGET_UNSUPPORTED', `the pipeline cannot run on every requested target (${named})`, { offences });
  }
  const hash = await contentHash(graph);
  const same = await findVersionByHash(deps.db, pipeline.id, hash);
  if (same) throw versionExists(same);
  try {
    return await deps.db.transaction(async (tx) => {
      const semver = nextSemver((await listVersions(tx, pipeline.id)).map((v) => v.semver), args.bump);
      const v = await insertVersion(tx, { id: newId('pv'), pipelineId: pipeline.id, semver, notes: args.notes ?? '', graph, contentHash: hash, pins: { ...pinsFor(graph), contracts: contractPins(graph, models) } });
      // Under acceptance criteria the version waits behind its gate (server/evaluations/gate.ts); else it is active at once.
      const criteria = await getCriteria(tx, pipeline.id);
      if (criteria.length) await tx.insert(versionGates).values({ versionId: v.id, state: 'evaluating', criteria });
      else await setActiveVersion(tx, pipeline.id, v.id);
      await pinVersionCard(tx, { workspaceId: pipeline.workspaceId, pipeline, version: v, graph });
      await appendAudit(tx, auditEvent(deps, { action: 'version.published', objectType: 'version', objectId: v.id, details: { pipelineId: pipeline.id, semver: v.semver, contentHash: v.contentHash, gated: criteria.length > 0 } }));
      return { id: v.id, semver: v.semver, contentHash: v.contentHash, gate: criteria.length ? { state: 'evaluating' as GateState, results: [] as CriterionResult[] } : null };
    });
  } catch (e) {
    // A concurrent publish won the race: report what it published, not a raw SQL error.
    const pg = pgErrorOf(e);
    if (pg?.code !== UNIQUE_VIOLATION) throw e;
    const winner = await findVersionByHash(deps.db, pipeline.id, hash);
    if (winner) throw versionExists(winner);
    throw new ServiceError('CONFLICT', 'another version was published at the same time; try again');
  }
}

function versionExists(v: VersionRow): ServiceError {
  return new ServiceError('VERSION_EXISTS', `this content was already published as ${v.semver}`, { versionId: v.id, semver: v.semver });
}

/** A version of a pipeline in the caller's workspace (another workspace's is NOT_FOUND). */
export async function requireVersion(deps: Pick<ServiceDeps, 'db' | 'principal'>, id: string): Promise<VersionRow> {
  const v = await getVersion(deps.db, id);
  if (!v) throw new ServiceError('NOT_FOUND', `pipeline version ${id} not found`);
  await requirePipeline(deps, v.pipelineId).catch(() => {
    throw new ServiceError('NOT_FOUND', `pipeline version ${id} not found`);
  });
  return v;
}

/** What a version's acceptance gate says (null: published without criteria). */
export function gateDto(gate: GateRow | undefined) {
  if (!gate) return null;
  return { state: gate.state, results: gate.results, evaluationIds: gate.evaluationIds, overrideReason: gate.overrideReason, decidedBy: gate.decidedBy, decidedAt: gate.decidedAt?.toISOString() ?? null };
}

export async function versionDetailDto(deps: Pick<ServiceDeps, 'db'>, v: VersionRow) {
  const gate = await getGate(deps.db, v.id);
  return { ...versionDto(v), gate: gateDto(gate), publishedOverFailedCriteria: gate?.state === 'overridden' };
}

export function versionDto(v: VersionRow) {
  return {
    id: v.id,
    pipelineId: v.pipelineId,
    semver: v.semver,
    notes: v.notes,
    graph: v.graph,
    contentHash: v.contentHash,
    pins: v.pins,
    createdAt: v.createdAt.toISOString(),
  };
}

/** A pipeline's versions, newest first, the active one marked (graphs left out: fetch one with get). */
export async function listVersionDtos(deps: Pick<ServiceDeps, 'db' | 'principal'>, pipelineId: string) {
  const pipeline = await requirePipeline(deps, pipelineId);
  const rows = await listVersions(deps.db, pipeline.id);
  const gates = new Map((await getGates(deps.db, rows.map((v) => v.id))).map((g) => [g.versionId, g]));
  return rows.map((v) => ({
    id: v.id,
    semver: v.semver,
    notes: v.notes,
    contentHash: v.contentHash,
    pins: v.pins,
    createdAt: v.createdAt.toISOString(),
    active: v.id === pipeline.activeVersionId,
    gate: gates.get(v.id)?.state ?? null,
    publishedOverFailedCriteria: gates.get(v.id)?.state === 'overridden',
  }));
}
