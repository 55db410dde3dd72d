import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Executor, RunDeps } from './contract';
import { modelRouting, workerQueue } from './queues';

export interface TemporalExecutorOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /**
   * Set when this process owns the database (embedded PGlite cannot be shared between
   * processes): the executor then runs its own worker on a task queue private to this process.
   * Unset: `npm run worker` processes (on a real PostgreSQL) poll `taskQueue`.
   */
  inProcessWorker?: RunDeps;
  /** Liveness window of a node activity (default 30 s in the workflow). */
  heartbeatTimeoutMs?: number;
}

/**
 * Runs each run as one `pipelineWorkflow` with workflowId = runId. Temporal modules are
 * imported lazily so processes using the embedded executor never load the native SDK.
 */
export function createTemporalExecutor(opts: TemporalExecutorOptions): Executor & { close(): Promise<void> } {
  const taskQueue = opts.inProcessWorker
    ? `${opts.taskQueue}-${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
    : opts.taskQueue;

  let client: Promise<import('./client').PipelineClient> | undefined;
  const getClient = () =>
    (client ??= import('./client').then(({ PipelineClient }) =>
      PipelineClient.connect({ address: opts.address, namespace: opts.namespace }),
    ));

  let worker: Promise<{ stop(): Promise<void> }> | undefined;
  const ensureWorker = () =>
    (worker ??= (async () => {
      const { connectWorker, createWorker } = await import('./worker');
      const connection = await connectWorker(opts.address);
      const w = await createWorker({ connection, taskQueue, namespace: opts.namespace, deps: opts.inProcessWorker! });
      const running = w.run();
      running.catch((e) => console.error('[temporal] in-process worker stopped:', e));
      return {
        async stop() {
          if (w.getState() === 'RUNNING') w.shutdown();
          await running.catch(() => {});
          await connection.close();
        },
      };
    })());

  return {
    name: 'temporal',
    async start({ runId, graph, input, provenance, accelerator }) {
      if (opts.inProcessWorker) await ensureWorker();
      const c = await getClient();
      const wanted = accelerator && accelerator !== 'cpu';
      const routing = modelRouting(taskQueue, accelerator, wanted ? await c.activityPollers(workerQueue(taskQueue, accelerator)) : 0);
      if (routing.reason === 'no-worker') console.warn(`[temporal] run ${runId} asked for ${routing.accelerator}: no worker serves it, its model nodes run on CPU`);
      const modelTaskQueue = routing.reason === 'accelerator' ? routing.queue : undefined;
      await c.start({ runId, graph, input, provenance, taskQueue, heartbeatTimeoutMs: opts.heartbeatTimeoutMs, modelTaskQueue });
    },
    async wait(runId) {
      return (await getClient()).wait(runId);
    },
    async cancel(runId) {
      await (await getClient()).cancel(runId);
    },
    async close() {
      await (await worker)?.stop();
      await (await client)?.close();
      worker = client = undefined;
    },
  };
}
