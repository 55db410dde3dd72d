import { ServiceError } from '../errors';
import { setActiveVersion } from '../pipelines/repo';
import { getVersion, lockPipelineActive, type VersionRow } from './repo';
import { appendAudit, auditEvent } from '../audit/service';
import type { ServiceDeps } from '../context';
import { requirePipeline } from '../pipelines/service';
import { requireVersion } from './service';
import { getGate, isBlocking } from './gates';

export const ROLLBACK_REASON_MAX = 1000;

/**
 * Make `versionId` (an older, or any other, version of the pipeline) the active one. The
 * pipeline row is locked, so `from` is exactly what was active; the switch and its
 * 'version.rolled-back' event (from, to, reason) commit together. Refuses: an empty reason
 * (BAD_REQUEST), a version of another pipeline (VERSION_NOT_IN_PIPELINE), the version that
 * is already active (CONFLICT), a version whose acceptance gate is evaluating or refused (VERSION_GATED).
 */
export async function rollbackVersion(deps: ServiceDeps, args: { pipelineId: string; versionId: string; reason: string }) {
  const reason = args.reason.trim();
  if (!reason) throw new ServiceError('BAD_REQUEST', 'a rollback needs a reason');
  if (reason.length > ROLLBACK_REASON_MAX) throw new ServiceError('BAD_REQUEST', `the reason is longer than ${ROLLBACK_REASON_MAX} characters`);
  await requirePipeline(deps, args.pipelineId);
  const target = await requireVersion(deps, args.versionId);
  if (target.pipelineId !== args.pipelineId) {
    throw new ServiceError('VERSION_NOT_IN_PIPELINE', `version ${target.id} (v${target.semver}) belongs to another pipeline`, {
      versionId: target.id,
      pipelineId: args.pipelineId,
    });
  }
  const gate = await getGate(deps.db, target.id);
  if (isBlocking(gate)) throw new ServiceError('VERSION_GATED', `v${target.semver} did not pass its acceptance criteria (${gate!.state}): it cannot be made active`, { versionId: target.id, gate: gate!.state });
  return deps.db.transaction(async (tx) => {
    const locked = await lockPipelineActive(tx, args.pipelineId);
    if (!locked) throw new ServiceError('NOT_FOUND', `pipeline ${args.pipelineId} not found`);
    if (locked.activeVersionId === target.id) throw new ServiceError('CONFLICT', `v${target.semver} is already the active version`, { versionId: target.id });
    const previous: VersionRow | undefined = locked.activeVersionId ? await getVersion(tx, locked.activeVersionId) : undefined;
    await setActiveVersion(tx, args.pipelineId, target.id);
    const from = previous ? { versionId: previous.id, semver: previous.semver } : null;
    const to = { versionId: target.id, semver: target.semver };
    await appendAudit(tx, auditEvent(deps, { action: 'version.rolled-back', objectType: 'version', objectId: target.id, details: { pipelineId: args.pipelineId, from, to, reason } }));
    return { pipelineId: args.pipelineId, activeVersionId: target.id, from, to };
  });
}

