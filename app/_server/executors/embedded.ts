import { interpretGraph } from '../../../runtimes/core/interpreter';
import { startMeter, type Meter } from '../services/cost-meter';
import { createKernelContext } from './context';
import { toRunError } from './errors';
import type { Executor, RunDeps, RunResult, StartArgs } from './types';

const FORGET_AFTER_MS = 10 * 60_000;

/**
 * Runs the graph in this process with the shared interpreter (values stay in memory; nothing
 * but artifacts goes to the blob store). Node rows are written through the same recorder as
 * the Temporal activities, so both executors leave identical records.
 */
export function createEmbeddedExecutor(deps: RunDeps): Executor {
  const runs = new Map<string, { done: Promise<RunResult>; abort: AbortController }>();

  async function execute({ runId, graph, input }: StartArgs, signal: AbortSignal): Promise<RunResult> {
    // Usage of each node, measured between its start and end records (cost-meter.ts).
    const meters = new Map<string, Meter>();
    const stopMeter = (nodeId: string) => {
      const usage = meters.get(nodeId)?.stop();
      meters.delete(nodeId);
      return usage;
    };
    try {
      await deps.recorder.runStatus(runId, 'running');
      const result = await interpretGraph(graph, {
        kernels: deps.kernels,
        context: (nodeId) => createKernelContext(deps, { runId, nodeId, input, signal }),
        observer: {
          started: async (nodeId, kind) => {
            await deps.recorder.nodeStarted(runId, nodeId, kind);
            meters.set(nodeId, startMeter());
          },
          finished: (r) => deps.recorder.nodeFinished(runId, r.id, { ms: r.ms, artifacts: r.artifacts, outputRefs: null, usage: stopMeter(r.id) }),
          failed: (nodeId, e) => {
            stopMeter(nodeId);
            const { code, message } = toRunError(e);
            return deps.recorder.nodeFailed(runId, nodeId, { code, message });
          },
        },
      });
      await deps.recorder.runStatus(runId, 'succeeded', { artifacts: result.artifacts });
      return { runId, status: 'succeeded', nodes: result.nodes, artifacts: result.artifacts, error: null };
    } catch (e) {
      const cancelled = signal.aborted;
      const { code, message } = cancelled ? { code: 'CANCELLED', message: 'the run was cancelled' } : toRunError(e);
      const status = cancelled ? 'cancelled' : 'failed';
      await deps.recorder.runStatus(runId, status, { error: { code, message } }).catch((err) => console.error(`[embedded] run ${runId}: cannot record ${status}:`, err));
      return { runId, status, nodes: [], artifacts: [], error: { code, message } };
    }
  }

  return {
    name: 'embedded',
    async start(args) {
      if (runs.has(args.runId)) throw new Error(`run ${args.runId} was already started`);
      const abort = new AbortController();
      const done = execute(args, abort.signal);
      runs.set(args.runId, { done, abort });
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
  };
}
