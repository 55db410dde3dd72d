import { PipelineGraphSchema } from '../../domain/graph/schema';
import { buildEdgeBundle } from '../../runtimes/edge/bundle';
import { graphTargetOffences } from '../../runtimes/edge/compat';
import { ServiceError } from '../errors';
import { getModel } from '../models/repo';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { loadModelLookup } from '../models/service';
import { recordAudit } from '../audit/service';
import { fileSlug } from './bundle-format';
import { requireVersion } from './service';
import { getVersionCard } from '../cards/repo';

/** `brain-mri-grey-white-v1.0.0-edge.zip`: the slug the portable export uses, plus the target. */
const edgeFileName = (name: string, semver: string) => `${fileSlug(name)}-v${semver}-edge.zip`;

/**
 * The edge bundle of a published version, built by the function `studio export --target edge`
 * uses, with models read from the blob store by the sha256 the version pinned (only a version
 * of the caller's workspace: another workspace's is NOT_FOUND, as for every read). A version
 * whose nodes or models cannot run on edge-node is refused (TARGET_UNSUPPORTED, offending
 * operators named) before anything is built. The card pinned at publish travels as card.json. Audited 'version.exported' with target 'edge'.
 */
export async function versionEdgeBundle(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal' | 'audit'>, versionId: string) {
  const version = await requireVersion(deps, versionId);
  const graph = PipelineGraphSchema.parse(version.graph);
  const offences = graphTargetOffences(graph, await loadModelLookup(deps), ['edge-node']);
  if (offences.length) {
    const named = offences.map((o) => `${o.nodeId}: ${o.offending.map((x) => x.operator).join(', ')}`).join('; ');
    throw new ServiceError('TARGET_UNSUPPORTED', `v${version.semver} cannot run on the edge target (${named})`, { target: 'edge-node', offences });
  }
  const { zip, manifest } = await buildEdgeBundle({
    graph,
    version: version.semver,
    card: await getVersionCard(deps.db, version.id),
    resolveModel: async (ref) => {
      const row = 'sha256' in ref ? await getModel(deps.db, scopeOf(deps).workspaceId, ref.sha256) : undefined;
      return row && { sha256: row.sha256, file: row.fileName, signature: row.signature, bytes: await deps.blobs.read(row.sha256) };
    },
  });
  await recordAudit(deps, {
    action: 'version.exported',
    objectType: 'version',
    objectId: version.id,
    details: { target: 'edge', sizeBytes: zip.byteLength, models: manifest.models.map((m) => m.sha256) },
  });
  return { zip, manifest, version, fileName: edgeFileName(graph.name, version.semver) };
}
