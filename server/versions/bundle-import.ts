import { hasErrors } from '../../domain/validation/issue';
import { validateGraph } from '../../domain/validation/validate';
import { nextSemver } from '../../domain/versioning/semver';
import { pgErrorOf, UNIQUE_VIOLATION } from '../../drizzle/pg-error';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { insertPipeline, setActiveVersion } from '../pipelines/repo';
import { findVersionByHash, insertVersion, listVersions, lockPipelineByName } from './repo';
import { appendAudit, auditEvent } from '../audit/service';
import type { ServiceDeps } from '../context';
import { loadModelLookup, registerStagedModel } from '../models/service';
import type { BundleLimits } from './bundle-format';
import { readVersionBundle, type VerifiedBundle } from './bundle-read';
import { getCriteria } from './gates';
import { versionGates } from '../../drizzle/schema';
import { pinsFor } from './pins';
import { insertVersionCard } from '../cards/repo';

/**
 * Import a version bundle into `workspaceId`. Everything is verified first (readVersionBundle:
 * hashes, content hash, signatures; then the graph against this instance's catalogue:
 * PIPELINE_INVALID), so a refused bundle stores nothing. Then its models are registered
 * (content-addressed: already-present bytes are reused) and, in one transaction with its
 * 'version.imported' event, the version is inserted as published with the same content hash
 * into the workspace's pipeline of the same name (created, with the graph as draft, when there
 * is none). The bundle's semver is kept unless that pipeline already used it for other content
 * (then the next patch). Content already present there is not inserted twice: the existing
 * version is returned with `created: false`. The card the bundle carries is pinned to the version
 * it inserts as it was exported (its semver may name the bundle's). A new pipeline gets the version as active; an
 * existing one keeps its active version (switch with rollback).
 */
export async function importVersion(deps: ServiceDeps, args: { workspaceId: string; bytes: Uint8Array; limits?: BundleLimits }) {
  const bundle = await readVersionBundle(args.bytes, deps.blobs, args.limits);
  try {
    return await storeBundle(deps, args.workspaceId, bundle);
  } finally {
    await Promise.all(bundle.models.map((m) => m.staged.discard())); // no-op once committed
  }
}

async function storeBundle(deps: ServiceDeps, workspaceId: string, bundle: VerifiedBundle) {
  const { manifest, graph } = bundle;
  const known = await loadModelLookup(deps, workspaceId);
  const inBundle = new Map(bundle.models.map((m) => [m.meta.sha256, m.meta.signature]));
  const issues = validateGraph(graph, (ref) => ('sha256' in ref ? inBundle.get(ref.sha256) : undefined) ?? known(ref));
  if (hasErrors(issues)) {
    throw new ServiceError('PIPELINE_INVALID', `the imported pipeline is not valid on this instance (${issues.filter((i) => i.severity === 'error').length} error(s))`, { issues });
  }
  for (const m of bundle.models) await registerStagedModel(deps, { fileName: m.meta.fileName, name: m.meta.name, staged: m.staged, signature: m.signature, workspaceId });
  try {
    return await deps.db.transaction(async (tx) => {
      let pipeline = await lockPipelineByName(tx, workspaceId, manifest.pipeline.name);
      const createdPipeline = !pipeline;
      pipeline ??= await insertPipeline(tx, { id: newId('pl'), workspaceId, name: manifest.pipeline.name, description: manifest.pipeline.description, draft: graph });
      const same = await findVersionByHash(tx, pipeline.id, manifest.contentHash);
      const existing = (await listVersions(tx, pipeline.id)).map((v) => v.semver);
      const semver = same?.semver ?? (existing.includes(manifest.semver) ? nextSemver(existing, 'patch') : manifest.semver);
      const version =
        same ??
        (await insertVersion(tx, { id: newId('pv'), pipelineId: pipeline.id, semver, notes: manifest.notes, graph, contentHash: manifest.contentHash, pins: manifest.pins ?? pinsFor(graph) }));
      // A new version of a pipeline with acceptance criteria waits behind its gate, as a publish does (the evaluation driver takes it on).
      if (!same && bundle.card) await insertVersionCard(tx, version.id, bundle.card);
      const criteria = same ? [] : await getCriteria(tx, pipeline.id);
      if (criteria.length) await tx.insert(versionGates).values({ versionId: version.id, state: 'evaluating', criteria });
      else if (!pipeline.activeVersionId) await setActiveVersion(tx, pipeline.id, version.id);
      const result = { pipelineId: pipeline.id, versionId: version.id, semver: version.semver, bundleSemver: manifest.semver, contentHash: version.contentHash, createdPipeline, created: !same, models: bundle.models.map((m) => m.meta.sha256) };
      await appendAudit(
        tx,
        auditEvent(deps, {
          action: 'version.imported',
          objectType: 'version',
          objectId: version.id,
          workspaceId,
          details: { workspaceId, pipelineId: pipeline.id, semver: version.semver, bundleSemver: manifest.semver, contentHash: version.contentHash, createdPipeline, created: !same, models: bundle.models.length, exportedBy: manifest.studio.version },
        }),
      );
      return result;
    });
  } catch (e) {
    if (pgErrorOf(e)?.code === UNIQUE_VIOLATION) throw new ServiceError('CONFLICT', 'another import or publish changed this pipeline at the same time; try again');
    throw e;
  }
}
