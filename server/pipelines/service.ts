import { assertGraphSize } from '../../domain/graph/limits';
import { PipelineGraphSchema, type PipelineGraph } from '../../domain/graph/schema';
import { validatePipeline } from '../../domain/validation/validate';
import type { Issue } from '../../domain/validation/issue';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { getPipeline, insertPipeline, listPipelineSummaries, updateDraft, type PipelineRow } from './repo';
import { listVersions } from '../versions/repo';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { loadModelLookup } from '../models/service';
import { rejectedVariants } from '../models/variant-gate';
import { modelRefs } from '../../domain/models/refs';

const emptyGraph = (name: string, description: string): PipelineGraph => ({
  schema: 'studio.pipeline/v1',
  name,
  description,
  nodes: [],
  edges: [],
});

/** Issues of a graph against the registered models (the same validator as canvas and CLI). */
export async function validateWithModels(deps: Pick<ServiceDeps, 'db' | 'principal'>, graph: unknown): Promise<Issue[]> {
  const issues = validatePipeline(graph, await loadModelLookup(deps));
  return nameRejectedVariants(deps, graph, issues);
}

/** A missing model that is a rejected optimised variant says so (with its failing labels). */
async function nameRejectedVariants(deps: Pick<ServiceDeps, 'db' | 'principal'>, graph: unknown, issues: Issue[]): Promise<Issue[]> {
  const missing = new Set(issues.filter((i) => i.code === 'model-missing').map((i) => i.nodeId));
  const parsed = missing.size ? PipelineGraphSchema.safeParse(graph) : undefined;
  if (!parsed?.success) return issues;
  const sites = modelRefs(parsed.data).filter((s) => missing.has(s.nodeId));
  const rejected = await rejectedVariants(deps.db, {
    sha256s: sites.flatMap((s) => ('sha256' in s.ref ? [s.ref.sha256] : [])),
    files: sites.flatMap((s) => ('file' in s.ref ? [s.ref.file] : [])),
  }, scopeOf(deps).workspaceId);
  if (!rejected.length) return issues;
  const why = new Map(sites.flatMap((s) => {
    const r = rejected.find((x) => ('sha256' in s.ref ? x.sha256 === s.ref.sha256 : x.fileName === s.ref.file));
    return r ? [[s.nodeId, `model ${r.fileName} is a rejected optimised variant (${r.reason}): use its fp32 source or an accepted variant`] as const] : [];
  }));
  return issues.map((i) => (i.code === 'model-missing' && i.nodeId && why.has(i.nodeId) ? { ...i, message: why.get(i.nodeId)! } : i));
}

/** A pipeline of the caller's workspace (another workspace's is NOT_FOUND: ids do not leak). */
export async function requirePipeline(deps: Pick<ServiceDeps, 'db' | 'principal'>, id: string): Promise<PipelineRow> {
  const p = await getPipeline(deps.db, id);
  if (!p || p.workspaceId !== scopeOf(deps).workspaceId) throw new ServiceError('NOT_FOUND', `pipeline ${id} not found`);
  return p;
}

/** A structurally valid graph document (semantic problems are issues, not errors). */
function parseGraph(graph: unknown): PipelineGraph {
  assertGraphSize(graph); // GRAPH_TOO_LARGE before any schema walk or store
  const parsed = PipelineGraphSchema.safeParse(graph);
  if (!parsed.success) {
    throw new ServiceError('BAD_REQUEST', 'the graph is not a studio.pipeline/v1 document', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

export async function createPipeline(deps: ServiceDeps, args: { name: string; description?: string; graph?: unknown }) {
  const description = args.description ?? '';
  const draft = args.graph === undefined ? emptyGraph(args.name, description) : parseGraph(args.graph);
  const row = await audited(deps, (tx) => insertPipeline(tx, { id: newId('pl'), workspaceId: scopeOf(deps).workspaceId, name: args.name, description, draft }), (p) => ({
    action: 'pipeline.created',
    objectType: 'pipeline',
    objectId: p.id,
    details: { name: p.name, nodes: draft.nodes.length },
  }));
  return { id: row.id };
}

/** Drafts may be invalid (work in progress): saved as is, issues returned for the canvas. */
export async function saveDraft(deps: ServiceDeps, args: { id: string; graph: unknown }) {
  const graph = parseGraph(args.graph);
  await requirePipeline(deps, args.id);
  const updatedAt = await audited(deps, (tx) => updateDraft(tx, args.id, graph), (at) =>
    at ? { action: 'draft.saved', objectType: 'pipeline', objectId: args.id, details: { nodes: graph.nodes.length, edges: graph.edges.length } } : null,
  );
  if (!updatedAt) throw new ServiceError('NOT_FOUND', `pipeline ${args.id} not found`);
  return { issues: await validateWithModels(deps, graph), updatedAt: updatedAt.toISOString() };
}

export async function getPipelineDetail(deps: ServiceDeps, id: string) {
  const p = await requirePipeline(deps, id);
  const [issues, versions] = await Promise.all([validateWithModels(deps, p.draft), listVersions(deps.db, id)]);
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    draft: p.draft,
    draftUpdatedAt: p.draftUpdatedAt.toISOString(),
    activeVersionId: p.activeVersionId,
    issues,
    versions: versions.map((v) => ({ id: v.id, semver: v.semver, notes: v.notes, contentHash: v.contentHash, createdAt: v.createdAt.toISOString() })),
  };
}

export async function listPipelineDtos(deps: ServiceDeps) {
  const rows = await listPipelineSummaries(deps.db, scopeOf(deps).workspaceId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    updatedAt: r.updatedAt.toISOString(),
    activeVersion: r.activeVersionId && r.activeSemver ? { id: r.activeVersionId, semver: r.activeSemver } : null,
    versionCount: Number(r.versionCount),
  }));
}
