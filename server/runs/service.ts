import { planExecution } from '../../domain/graph/plan';
import type { PipelineGraph } from '../../domain/graph/schema';
import { modelRefs } from '../../domain/models/refs';
import type { Provenance } from '../../workflows/contract';
import { ServiceError } from '../errors';
import { getExecutor, type ExecutorName } from './executors';
import { createDbRecorder } from './recorder';
import { assertAcceptingRuns } from '../shutdown';
import { newId } from '../ids';
import { getRunWithNodes, insertRunWithNodes, listRunHeaders } from './repo';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { requireGraphModels } from '../models/service';
import { requirePipeline } from '../pipelines/service';
import { requireScan, visibleScan as visibleRun } from '../scans/service';
import { scopeOf } from '../auth/scope';
import { defaultRunOwner, estimateForStart, type RunOwner } from '../cost/runs';
import { reserveForRun } from '../cost/ledger';
import { assertRunMemoryFits } from './memory';
import { preflightScan } from './preflight';
import { requireVersion } from '../versions/service';
import { assertRunnable } from '../versions/gates';

/**
 * Start a run of a published version on a scan: the run row and one pending row per node are
 * written first (so the studio can show the run at once), then the executor takes over and
 * records progress through the RunRecorder. Only refs travel: the pinned graph and blob refs.
 * `evaluationId`: the case run of that evaluation (the only runs a gated version may have).
 */
export async function startRun(deps: ServiceDeps, args: { versionId: string; scanId: string; executor?: ExecutorName; owner?: RunOwner; evaluationId?: string; accelerator?: string }) {
  assertAcceptingRuns();
  const [version, scan] = await Promise.all([requireVersion(deps, args.versionId), requireScan(deps, args.scanId)]);
  await assertRunnable(deps.db, version.id, args.evaluationId); // a version held by its acceptance criteria runs only in its own evaluation
  const executor = await (deps.executor ?? getExecutor)(args.executor);
  const owner = args.owner ?? defaultRunOwner(deps);
  await requireGraphModels(deps, owner.workspaceId, version.graph);
  await preflightScan(deps, version.graph, scan, owner.workspaceId);
  const cost = await estimateForStart(deps, version.graph, scan.id);
  assertRunMemoryFits(cost?.estimate);
  const runId = newId('run');
  await audited(
    deps,
    async (tx) => {
      // Budget check + reservation first: a refused run (BUDGET_EXCEEDED) rolls back with nothing written.
      await reserveForRun(tx, { runId, ...owner, estimateNano: cost?.estimate.total.price.totalNano ?? 0 });
      await insertRunWithNodes(
        tx,
        {
          id: runId,
          pipelineVersionId: version.id,
          scanId: scan.id,
          status: 'queued',
          executor: executor.name,
          workspaceId: owner.workspaceId,
          createdBy: owner.userId,
          estimate: cost?.estimate ?? null,
          rateCardId: cost?.rateCardId ?? null,
          // In-process runs are leased from the start (a crash before the first heartbeat is swept
          // too); the heartbeat's first renewal, at once, moves the expiry to the database clock.
          ...(executor.lease ? { leaseOwner: executor.lease.owner, leaseExpiresAt: new Date(Date.now() + executor.lease.seconds * 1000) } : {}),
        },
        version.graph.nodes.map((n) => ({ nodeId: n.id, kind: n.kind })),
      );
    },
    () => ({ action: 'run.started', objectType: 'run', objectId: runId, details: { versionId: version.id, scanId: scan.id, executor: executor.name } }),
  );
  try {
    await executor.start({ runId, graph: version.graph, input: { format: scan.format, files: scan.files }, provenance: provenanceOf(version), ...(args.accelerator ? { accelerator: args.accelerator } : {}) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await createDbRecorder(deps.db).runStatus(runId, 'failed', { error: { code: 'EXECUTOR_UNAVAILABLE', message } });
    throw new ServiceError('EXECUTOR_UNAVAILABLE', `the ${executor.name} executor could not start the run: ${message}`, { runId });
  }
  return { runId };
}

/**
 * What DICOM outputs record of the version run: its semver and content hash (a version is
 * immutable, so the pair names exactly what ran) and the sha256 of every model it pins.
 */
export function provenanceOf(version: { semver: string; contentHash: string; graph: PipelineGraph }): Provenance {
  const shas = modelRefs(version.graph).flatMap((site) => ('sha256' in site.ref ? [site.ref.sha256] : []));
  return { pipelineVersion: `${version.semver}+${version.contentHash.slice(0, 12)}`, modelSha256s: [...new Set(shas)] };
}

/** Node ids in execution order (falls back to file order for a graph with a cycle). */
function nodeOrder(graph: PipelineGraph | undefined): Map<string, number> {
  if (!graph) return new Map();
  const plan = planExecution(graph);
  const ids = 'steps' in plan ? plan.steps.map((s) => s.nodeId) : graph.nodes.map((n) => n.id);
  return new Map(ids.map((id, i) => [id, i]));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function getRunDetail(deps: ServiceDeps, id: string) {
  const r = await getRunWithNodes(deps.db, id);
  // Another workspace's run, or (for clinicians) another person's, is NOT_FOUND: ids do not leak.
  if (!r || !visibleRun(scopeOf(deps), r.run)) throw new ServiceError('NOT_FOUND', `run ${id} not found`);
  const version = await requireVersion(deps, r.run.pipelineVersionId);
  const order = nodeOrder(version.graph);
  const nodes = [...r.nodes].sort((a, b) => (order.get(a.nodeId) ?? 1e9) - (order.get(b.nodeId) ?? 1e9));
  // The run's artifact list is set when it ends; until then show what finished nodes wrote.
  const artifacts = r.run.artifacts.length ? r.run.artifacts : nodes.flatMap((n) => n.artifacts);
  return {
    ...runHeaderDto(r),
    nodes: nodes.map((n) => ({
      nodeId: n.nodeId,
      kind: n.kind,
      status: n.status,
      ms: n.ms,
      progress: n.progress,
      attempts: n.attempts,
      error: n.error ? { code: n.error.code, message: n.error.message } : null,
    })),
    artifacts,
  };
}

/** The fields a run summary and a run detail share. */
function runHeaderDto(r: Awaited<ReturnType<typeof listRunHeaders>>[number]) {
  return {
    id: r.run.id,
    status: r.run.status,
    executor: r.run.executor,
    versionId: r.run.pipelineVersionId,
    pipelineId: r.pipelineId,
    pipelineName: r.pipelineName,
    semver: r.semver,
    scan: { id: r.run.scanId, name: r.scanName, format: r.scanFormat },
    error: r.run.error ? { code: r.run.error.code, message: r.run.error.message } : null,
    createdAt: r.run.createdAt.toISOString(),
    startedAt: iso(r.run.startedAt),
    finishedAt: iso(r.run.finishedAt),
  };
}

/** The version a run of `pipelineId` uses now: its active one (NOT_FOUND when none is published). */
export async function activeVersionOf(deps: ServiceDeps, pipelineId: string): Promise<string> {
  const p = await requirePipeline(deps, pipelineId);
  if (!p.activeVersionId) throw new ServiceError('NOT_FOUND', `pipeline ${pipelineId} has no published version`, { pipelineId });
  return p.activeVersionId;
}

/** Outputs with their download URL (content-addressed: the sha256 is the integrity check). */
export async function listRunOutputs(deps: ServiceDeps, id: string) {
  const run = await getRunDetail(deps, id);
  const outputs = run.artifacts.map((a) => ({
    ...a,
    downloadUrl: `/api/blobs/${a.sha256}`, // served with the recorded type and name
  }));
  return { runId: run.id, status: run.status, outputs };
}

export async function listRunDtos(deps: ServiceDeps, args: { limit?: number } = {}) {
  const rows = await listRunHeaders(deps.db, Math.min(Math.max(args.limit ?? 50, 1), 500), scopeOf(deps));
  return rows.map(runHeaderDto);
}
