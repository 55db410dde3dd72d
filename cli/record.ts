import type { PipelineGraph } from '../domain/graph/schema';
import { contentHash } from '../domain/versioning/hash';
import type { ServiceDeps } from '../server/context';
import { findPipelineByName } from '../server/pipelines/repo';
import { findVersionByHash } from '../server/versions/repo';
import { createPipeline, saveDraft } from '../server/pipelines/service';
import { publishVersion } from '../server/versions/service';

/**
 * The pipeline (found by name, else created) and the version to run, recorded like the studio
 * does: a version with the same content hash is reused, otherwise the graph becomes the draft
 * and is published as the next minor version. `graph` must carry sha256 model refs.
 */
export async function recordVersion(svc: ServiceDeps, graph: PipelineGraph) {
  const existing = await findPipelineByName(svc.db, graph.name);
  const pipelineId = existing?.id ?? (await createPipeline(svc, { name: graph.name, description: graph.description, graph })).id;
  const hash = await contentHash(graph);
  const same = await findVersionByHash(svc.db, pipelineId, hash);
  if (same) return { pipelineId, versionId: same.id, semver: same.semver, reused: true };
  if (existing) await saveDraft(svc, { id: pipelineId, graph });
  const v = await publishVersion(svc, { pipelineId, bump: 'minor', notes: 'published by `studio run`' });
  return { pipelineId, versionId: v.id, semver: v.semver, reused: false };
}
