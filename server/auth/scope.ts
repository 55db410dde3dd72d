import { DEFAULT_WORKSPACE_ID, principalCan, principalId } from '../../domain/auth/permissions';
import type { ServiceDeps } from '../context';

/**
 * What a caller sees and owns: its workspace, the id that owns what it creates, and whether it
 * sees everyone's runs (engineers, admins, keys with run.read.all) or only its own (clinicians).
 * Without a principal (CLI, executors, tests of a service alone) it is the system in the
 * default workspace.
 */
export interface Scope {
  workspaceId: string;
  ownerId: string;
  seesAllRuns: boolean;
}

export function scopeOf(deps: Pick<ServiceDeps, 'principal'>): Scope {
  const p = deps.principal;
  if (!p) return { workspaceId: DEFAULT_WORKSPACE_ID, ownerId: 'system', seesAllRuns: true };
  return { workspaceId: p.workspaceId, ownerId: principalId(p), seesAllRuns: principalCan(p, 'run.read.all') };
}
