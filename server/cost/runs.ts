import { DEFAULT_WORKSPACE_ID, principalId } from '../../domain/auth/permissions';
import type { PipelineGraph } from '../../domain/graph/schema';
import type { ServiceDeps } from '../context';
import { estimateGraph } from './service';

/** Who a run is charged to: its workspace and the principalId() of who started it. */
export interface RunOwner {
  workspaceId: string;
  userId: string;
}

/** The caller's workspace and principalId(); without a principal (CLI, tests) the default workspace and the audit actor. */
export function defaultRunOwner(deps: Pick<ServiceDeps, 'audit' | 'principal'>): RunOwner {
  if (deps.principal) return { workspaceId: deps.principal.workspaceId, userId: principalId(deps.principal) };
  return { workspaceId: DEFAULT_WORKSPACE_ID, userId: deps.audit?.actor.id ?? 'system' };
}

/**
 * The estimate a run starts with. An input the cost model cannot read (unusual header) must
 * not block the run: it starts without an estimate (reserving 0, so only budgets already
 * exhausted refuse it) and the failure is logged.
 */
export async function estimateForStart(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal'>, graph: PipelineGraph, scanId: string) {
  try {
    return await estimateGraph(deps, graph, scanId);
  } catch (e) {
    console.error(`[cost] no estimate for scan ${scanId}:`, e instanceof Error ? e.message : e);
    return undefined;
  }
}
