import { env } from '../env';
import { ServiceError } from '../errors';
import { closeRunDeps, getRunDeps } from './deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import { createTemporalExecutor } from '../../workflows/temporal-executor';
import type { Executor, ExecutorName } from '../../workflows/contract';

export type { Executor, ExecutorName, RunResult, StartArgs } from '../../workflows/contract';

/** Default executor: Temporal when a cluster is configured, else in-process. */
export const defaultExecutorName = (): ExecutorName => (env.TEMPORAL_ADDRESS ? 'temporal' : 'embedded');

type Globals = { __studioExecutors?: Map<ExecutorName, Promise<Executor & { close?(): Promise<void> }>> };
const g = globalThis as Globals;

/**
 * Without TEMPORAL_ADDRESS, an explicit request for the temporal executor (CLI
 * `--executor temporal`) starts a local dev server for this process when the Temporal CLI is
 * installed, so runs still go through a real Temporal workflow; otherwise a typed error.
 */
async function temporalAddress(): Promise<{ address: string; stop?: () => Promise<void> }> {
  if (env.TEMPORAL_ADDRESS) return { address: env.TEMPORAL_ADDRESS };
  const { startTemporalServer } = await import('../../workflows/dev-server');
  try {
    const server = await startTemporalServer();
    console.error(`[studio] TEMPORAL_ADDRESS is not set: started a local Temporal dev server at ${server.address} for this process`);
    return server;
  } catch (e) {
    throw new ServiceError('EXECUTOR_UNAVAILABLE', `the temporal executor needs TEMPORAL_ADDRESS (host:port of a Temporal frontend), or the Temporal CLI to start a local dev server: ${(e as Error).message}`);
  }
}

async function build(name: ExecutorName): Promise<Executor & { close?(): Promise<void> }> {
  const deps = await getRunDeps();
  if (name === 'embedded') return createEmbeddedExecutor(deps);
  const { address, stop } = await temporalAddress();
  const executor = await createTemporalExecutor({
    address,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    // The embedded PGlite belongs to this process (and a dev server started here has no other
    // workers), so the worker must live here too.
    inProcessWorker: env.DATABASE_URL && !stop ? undefined : deps,
  });
  if (!stop) return executor;
  return {
    ...executor,
    close: async () => {
      await executor.close?.();
      await stop();
    },
  };
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

/** Shutdown: each executor of this process lets its runs finish within `graceMs`, then marks the rest INTERRUPTED. */
export async function drainExecutors(graceMs: number): Promise<string[]> {
  const built = await Promise.all([...(g.__studioExecutors?.values() ?? [])].map((ex) => ex.catch(() => undefined)));
  const marked = await Promise.all(built.map((ex) => ex?.drain?.(graceMs) ?? []));
  return marked.flat();
}

/** Stops in-process workers and connections (CLI and tests exit cleanly). */
export async function closeExecutors(): Promise<void> {
  const map = g.__studioExecutors ?? new Map();
  g.__studioExecutors = undefined;
  for (const ex of map.values()) await (await ex.catch(() => undefined))?.close?.();
  await closeRunDeps();
}
