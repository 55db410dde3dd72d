import { eq } from 'drizzle-orm';
import { runs } from '../../drizzle/schema';
import { isFinished, type RunStatus } from '../../domain/runs/status';
import { audited } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { visibleScan as visibleRun } from '../scans/service';
import { getExecutor, type ExecutorName } from './executors';
import { createDbRecorder } from './recorder';
import { LeaseLostError } from '../../workflows/contract';

/**
 * Cancels a queued or running run of its executor (a Temporal workflow cancellation, or the
 * in-process run's abort signal). The executor records the end (`cancelled`, with the
 * `run.cancelled` audit event): its reservation is released and only the nodes that finished
 * stay charged (server/runs/recorder.ts). Who may: whoever sees the run, i.e. its owner, or
 * someone who sees every run of the workspace (engineers, admins; `run.read.all`). A run that
 * already ended is refused (CONFLICT), unless it ended cancelled: cancelling twice is harmless.
 */
export async function cancelRun(deps: ServiceDeps, id: string): Promise<{ runId: string; status: RunStatus }> {
  const scope = scopeOf(deps);
  const found = await audited(
    deps,
    async (tx) => {
      const [run] = await tx.select({ status: runs.status, executor: runs.executor, leaseOwner: runs.leaseOwner, workspaceId: runs.workspaceId, createdBy: runs.createdBy }).from(runs).where(eq(runs.id, id)).for('update');
      if (!run || !visibleRun(scope, run)) throw new ServiceError('NOT_FOUND', `run ${id} not found`);
      if (run.status === 'cancelled') return { run, requested: false };
      if (isFinished(run.status)) throw new ServiceError('CONFLICT', `run ${id} has already ended (${run.status}): only a queued or running run can be cancelled`, { runId: id, status: run.status });
      return { run, requested: true };
    },
    ({ run, requested }) => (requested ? { action: 'run.cancel-requested', objectType: 'run', objectId: id, details: { executor: run.executor } } : null),
  );
  if (found.requested) {
    const executor = await (deps.executor ?? getExecutor)(found.run.executor as ExecutorName);
    await executor.cancel(id);
    const owner = found.run.leaseOwner;
    if (executor.name === 'embedded' && owner && owner !== executor.lease?.owner) await cancelElsewhere(deps, id, owner);
  }
  const [now] = await deps.db.select({ status: runs.status }).from(runs).where(eq(runs.id, id));
  return { runId: id, status: now?.status ?? found.run.status };
}

/**
 * An in-process run held by another process (the CLI, another server) cannot be aborted from
 * here: its end is written as that owner, only while the run is still active (else it has just
 * ended: nothing to do). The owner's next write or heartbeat then finds the run gone and it
 * stops (LeaseLostError), charging nothing more.
 */
async function cancelElsewhere(deps: ServiceDeps, id: string, owner: string): Promise<void> {
  try {
    await createDbRecorder(deps.db, { leaseOwner: owner }).runStatus(id, 'cancelled', { error: { code: 'CANCELLED', message: 'the run was cancelled' } });
  } catch (e) {
    if (!(e instanceof LeaseLostError)) throw e;
  }
}
