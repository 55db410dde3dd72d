import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
} from '@temporalio/workflow';
import { walkPlan } from '../domain/graph/walk';
import { nodeQueue } from './queues';
import type { ValueRef } from './contract';
import type { Activities, NodeOutcome, PipelineWorkflowInput, PipelineWorkflowResult } from './types';

function nodeActivities(heartbeatTimeoutMs: number, taskQueue?: string) {
  return proxyActivities<Activities>({
    ...(taskQueue ? { taskQueue } : {}),
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
 * The pipeline workflow: walks a pinned graph with the shared plan walker (domain/graph/walk),
 * one activity per node, in concurrent mode (model nodes on `modelTaskQueue` when the run was
 * routed to an accelerator, workflows/queues.ts). Deterministic: it imports only domain code and
 * activity *types*; all IO happens in activities. The plan order fixes the order of the
 * returned nodes and artifacts, which therefore match the in-process interpreter's.
 */
export async function pipelineWorkflow(args: PipelineWorkflowInput): Promise<PipelineWorkflowResult> {
  const { runId, graph, input, provenance } = args;
  const heartbeat = args.heartbeatTimeoutMs ?? 30_000;
  const onRunQueue = nodeActivities(heartbeat).runNode;
  const onModelQueue = args.modelTaskQueue ? nodeActivities(heartbeat, args.modelTaskQueue).runNode : onRunQueue;
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  try {
    await markRun(runId, 'running');
    const outcomes = await walkPlan<ValueRef, NodeOutcome>(graph, {
      mode: 'concurrent',
      error: (code, message) => ApplicationFailure.nonRetryable(message, code),
      run: async (step, inputRefs) => {
        const runNode = nodeQueue(kindOf.get(step.nodeId) ?? '', args.modelTaskQueue) ? onModelQueue : onRunQueue;
        const outcome = await runNode({ runId, graph, nodeId: step.nodeId, inputRefs, input, provenance });
        return { outputs: outcome.outputs, result: outcome };
      },
    });
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
