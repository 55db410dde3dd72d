import { interpretGraph } from '../runtimes/core/interpreter';
import { startMeter, type Meter } from './meter';
import { createKernelContext } from './context';
import { toRunError } from './errors';
import { holdLease } from './heartbeat';
import { LeaseLostError, type Executor, type RunDeps, type RunResult, type StartArgs } from './contract';

const FORGET_AFTER_MS = 10 * 60_000;

/**
 * Runs the graph in this process with the shared interpreter (values stay in memory; nothing
 * but artifacts goes to the blob store). Node rows are written through the same recorder as
 * the Temporal activities, so both executors leave identical records. With `deps.lease`, each
 * run holds a lease renewed by a heartbeat while it executes, and every write is conditional on
 * still holding it: a run this process lost (swept after a database outage) is abandoned.
 */
type Active = { done: Promise<RunResult>; abort: AbortController; settled: boolean; interrupted?: string };

export function createEmbeddedExecutor(deps: RunDeps): Executor {
  const runs = new Map<string, Active>();
  const recorder = deps.lease?.recorder ?? deps.recorder;

  async function execute({ runId, graph, input, provenance }: StartArgs, self: Active): Promise<RunResult> {
    const signal = self.abort.signal;
    const interrupt = (why: string) => {
      self.interrupted ??= why;
      self.abort.abort();
    };
    const stopHeartbeat = deps.lease ? holdLease(deps.lease, runId, interrupt) : () => {};
    // Usage of each node, measured between its start and end records (cost-meter.ts).
    const meters = new Map<string, Meter>();
    const stopMeter = (nodeId: string) => {
      const usage = meters.get(nodeId)?.stop();
      meters.delete(nodeId);
      return usage;
    };
    try {
      await recorder.runStatus(runId, 'running');
      const result = await interpretGraph(graph, {
        kernels: deps.kernels,
        context: (nodeId) => createKernelContext(deps, { runId, nodeId, input, provenance, signal }),
        observer: {
          started: async (nodeId, kind) => {
            await recorder.nodeStarted(runId, nodeId, kind);
            meters.set(nodeId, startMeter());
          },
          finished: (r) => recorder.nodeFinished(runId, r.id, { ms: r.ms, artifacts: r.artifacts, outputRefs: null, usage: stopMeter(r.id) }),
          failed: async (nodeId, e) => {
            stopMeter(nodeId);
            // A node stopped by a cancel is not a failure: the run's end marks it cancelled.
            if (signal.aborted && !self.interrupted) return;
            const { code, message } = toRunError(e);
            return recorder.nodeFailed(runId, nodeId, { code, message });
          },
        },
      });
      await recorder.runStatus(runId, 'succeeded', { artifacts: result.artifacts });
      return { runId, status: 'succeeded', nodes: result.nodes, artifacts: result.artifacts, error: null };
    } catch (e) {
      if (self.interrupted || e instanceof LeaseLostError) {
        // Another process (sweeper) or the shutdown recorded the end: nothing more to write.
        const message = self.interrupted ?? (e as Error).message;
        console.error(`[embedded] run ${runId} interrupted: ${message}`);
        return { runId, status: 'failed', nodes: [], artifacts: [], error: { code: 'INTERRUPTED', message } };
      }
      const cancelled = signal.aborted;
      const { code, message } = cancelled ? { code: 'CANCELLED', message: 'the run was cancelled' } : toRunError(e);
      const status = cancelled ? 'cancelled' : 'failed';
      await recorder.runStatus(runId, status, { error: { code, message } }).catch((err) => console.error(`[embedded] run ${runId}: cannot record ${status}:`, err));
      return { runId, status, nodes: [], artifacts: [], error: { code, message } };
    } finally {
      stopHeartbeat();
    }
  }

  return {
    name: 'embedded',
    ...(deps.lease ? { lease: { owner: deps.lease.owner, seconds: deps.lease.seconds } } : {}),
    async start(args) {
      if (runs.has(args.runId)) throw new Error(`run ${args.runId} was already started`);
      const self = { abort: new AbortController(), settled: false } as Active;
      self.done = execute(args, self).finally(() => (self.settled = true));
      const done = self.done;
      runs.set(args.runId, self);
      // Nobody may ever wait (the studio polls the database): forget finished runs after a while.
      void done.then(() => setTimeout(() => runs.delete(args.runId), FORGET_AFTER_MS).unref());
    },
    async wait(runId) {
      const run = runs.get(runId);
      if (!run) throw new Error(`run ${runId} is not known to this process (embedded runs live in the process that started them)`);
      try {
        return await run.done;
      } finally {
        runs.delete(runId);
      }
    },
    async cancel(runId) {
      runs.get(runId)?.abort.abort();
    },
    async drain(graceMs) {
      const active = [...runs.entries()].filter(([, r]) => !r.settled);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.allSettled(active.map(([, r]) => r.done)), grace]);
      clearTimeout(timer);
      const left = active.filter(([, r]) => !r.settled);
      if (!left.length) return [];
      const why = `the process was stopped and the run did not finish within the ${graceMs / 1000} s shutdown grace period`;
      for (const [, r] of left) r.interrupted = why;
      // Recorded first (conditional on this owner), then the work is abandoned.
      const marked = (await deps.lease?.interrupt(left.map(([id]) => id), why)) ?? [];
      for (const [, r] of left) r.abort.abort();
      return marked;
    },
  };
}
