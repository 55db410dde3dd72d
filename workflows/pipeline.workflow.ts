import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
} from '@temporalio/workflow';
import { planExecution } from '../domain/graph/plan';
import type { Activities, NodeOutcome, PipelineWorkflowInput, PipelineWorkflowResult } from './types';

function nodeActivities(heartbeatTimeoutMs: number) {
  return proxyActivities<Activities>({
    // A 256^3 model can run for minutes on 2 cores; liveness is the heartbeat's job.
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: heartbeatTimeoutMs,
    // Transient failures (a crashed worker, IO) retry; user errors arrive as non-retryable
    // ApplicationFailures typed with their RuntimeError code and fail the run at once.
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
  });
}

const { markRun } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumAttempts: 10 },
});

/**
 * The pipeline workflow: interprets a pinned graph, one activity per node. Deterministic:
 * it imports only domain code and activity *types*; all IO happens in activities. A node starts
 * as soon as every upstream node has finished, so independent branches run concurrently;
 * the plan order (deterministic) fixes the order of the returned nodes and artifacts, which
 * therefore match the embedded interpreter's.
 */
export async function pipelineWorkflow(args: PipelineWorkflowInput): Promise<PipelineWorkflowResult> {
  const { runId, graph, input } = args;
  const { runNode } = nodeActivities(args.heartbeatTimeoutMs ?? 30_000);
  const plan = planExecution(graph);
  try {
    if ('cycle' in plan) {
      throw ApplicationFailure.nonRetryable(`the graph has a cycle through ${plan.cycle.join(', ')}`, 'BAD_NODE_INPUT');
    }
    await markRun(runId, 'running');
    const done = new Map<string, Promise<NodeOutcome>>();
    for (const step of plan.steps) {
      const upstream = [...new Set(Object.values(step.bindings).map((b) => b.node))];
      done.set(
        step.nodeId,
        (async () => {
          const outcomes = new Map<string, NodeOutcome>();
          for (const id of upstream) outcomes.set(id, await done.get(id)!);
          const inputRefs = Object.fromEntries(
            Object.entries(step.bindings).map(([port, src]) => {
              const ref = outcomes.get(src.node)!.outputs[src.port];
              if (!ref) throw ApplicationFailure.nonRetryable(`input ${step.nodeId}.${port} has no value from ${src.node}.${src.port}`, 'BAD_NODE_INPUT');
              return [port, ref];
            }),
          );
          return runNode({ runId, graph, nodeId: step.nodeId, inputRefs, input });
        })(),
      );
    }
    // Await in plan order; Promise.all rejects with the first failure (the rest are cancelled with the scope).
    const outcomes = await Promise.all(plan.steps.map((s) => done.get(s.nodeId)!));
    const artifacts = outcomes.flatMap((o) => o.artifacts);
    await markRun(runId, 'succeeded', { artifacts });
    return { nodes: outcomes.map((o) => ({ id: o.nodeId, kind: o.kind, ms: o.ms, artifacts: o.artifacts })), artifacts };
  } catch (err) {
    // Record the end state even when the workflow itself is being cancelled.
    await CancellationScope.nonCancellable(async () => {
      if (isCancellation(err)) await markRun(runId, 'cancelled', { error: { code: 'CANCELLED', message: 'the run was cancelled' } });
      else await markRun(runId, 'failed', { error: failureToError(err) });
    });
    throw err;
  }
}

/** Unwraps ActivityFailure -> ApplicationFailure to the RuntimeError code the activity threw. */
function failureToError(err: unknown): { code: string; message: string } {
  let e = err as { cause?: unknown; type?: string; message?: string } | undefined;
  while (e?.cause && !(e instanceof ApplicationFailure)) e = e.cause as typeof e;
  const app = e instanceof ApplicationFailure ? e : undefined;
  return { code: app?.type ?? 'INTERNAL', message: app?.message ?? String((err as Error)?.message ?? err) };
}
