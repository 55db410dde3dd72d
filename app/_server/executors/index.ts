import { env } from '../env';
import { ServiceError } from '../errors';
import { closeRunDeps, getRunDeps } from './deps';
import { createEmbeddedExecutor } from './embedded';
import { createTemporalExecutor } from './temporal';
import type { Executor, ExecutorName } from './types';

export type { Executor, ExecutorName, RunResult, StartArgs } from './types';

/** Default executor: Temporal when a cluster is configured, else in-process. */
export const defaultExecutorName = (): ExecutorName => (env.TEMPORAL_ADDRESS ? 'temporal' : 'embedded');

type Globals = { __studioExecutors?: Map<ExecutorName, Promise<Executor & { close?(): Promise<void> }>> };
const g = globalThis as Globals;

async function build(name: ExecutorName): Promise<Executor & { close?(): Promise<void> }> {
  const deps = await getRunDeps();
  if (name === 'embedded') return createEmbeddedExecutor(deps);
  if (!env.TEMPORAL_ADDRESS) throw new ServiceError('EXECUTOR_UNAVAILABLE', 'the temporal executor needs TEMPORAL_ADDRESS (host:port of a Temporal frontend)');
  return createTemporalExecutor({
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    // The embedded PGlite belongs to this process, so the worker must live here too.
    inProcessWorker: env.DATABASE_URL ? undefined : deps,
  });
}

/** One executor per name and process (kept on globalThis: Next dev re-evaluates modules). */
export function getExecutor(name: ExecutorName = defaultExecutorName()): Promise<Executor> {
  const map = (g.__studioExecutors ??= new Map());
  let ex = map.get(name);
  if (!ex) {
    ex = build(name);
    ex.catch(() => map.delete(name));
    map.set(name, ex);
  }
  return ex;
}

/** Stops in-process workers and connections (CLI and tests exit cleanly). */
export async function closeExecutors(): Promise<void> {
  const map = g.__studioExecutors ?? new Map();
  g.__studioExecutors = undefined;
  for (const ex of map.values()) await (await ex.catch(() => undefined))?.close?.();
  await closeRunDeps();
}
