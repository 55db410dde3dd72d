import { PipelineGraphSchema } from '../../domain/graph/schema';
import { diffGraphs } from '../../domain/versioning/diff';
import { diffModels } from '../../domain/versioning/model-diff';
import { diffPins } from '../../domain/versioning/pins';
import { listModels } from '../models/repo';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { requireVersion } from './service';

const side = (v: Awaited<ReturnType<typeof requireVersion>>) => ({ id: v.id, pipelineId: v.pipelineId, semver: v.semver, contentHash: v.contentHash, graph: v.graph, createdAt: v.createdAt.toISOString() });

/**
 * What changed from version `fromId` to `toId` (any two versions, also of different
 * pipelines): graph (nodes, edges, params by path, kind/version/label), models (hash, opsets,
 * input/output signature from the models table) and pins. Both graphs come back for the
 * side-by-side canvases.
 */
export async function diffVersions(deps: Pick<ServiceDeps, 'db' | 'principal'>, args: { fromId: string; toId: string }) {
  const [a, b] = await Promise.all([requireVersion(deps, args.fromId), requireVersion(deps, args.toId)]);
  const ga = PipelineGraphSchema.parse(a.graph);
  const gb = PipelineGraphSchema.parse(b.graph);
  const models = new Map((await listModels(deps.db, scopeOf(deps).workspaceId)).map((m) => [m.sha256, { name: m.name, signature: m.signature }]));
  return {
    from: side(a),
    to: side(b),
    sameContent: a.contentHash === b.contentHash,
    graph: diffGraphs(ga, gb),
    models: diffModels(ga, gb, (sha) => models.get(sha)),
    pins: diffPins(a.pins, b.pins),
  };
}
