import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import { planChains } from '../domain/graph/chains';
import { planExecution } from '../domain/graph/plan';
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

const markRunOptions = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1s', maximumAttempts: 10 } } as const;
const remote = proxyActivities<Activities>(markRunOptions);
const local = proxyLocalActivities<Activities>(markRunOptions);

/**
 * A run's status is one short database write: a local activity, run by the worker inside the
 * workflow task that asked for it, so starting and ending a run cost no activity round trip
 * through the server. Histories written before this change replay their scheduled activities.
 */
const markRun: Activities['markRun'] = (...args) => (patched('mark-run-local') ? local : remote).markRun(...args);

/**
 * The pipeline workflow: walks a pinned graph with the shared plan walker (domain/graph/walk),
 * one activity per linear chain of nodes, in concurrent mode (model nodes on `modelTaskQueue` when the run was
 * routed to an accelerator, workflows/queues.ts). Deterministic: it imports only domain code and
 * activity *types*; all IO happens in activities. The plan order fixes the order of the
 * returned nodes and artifacts, which therefore match the in-process interpreter's.
 */
export async function pipelineWorkflow(args: PipelineWorkflowInput): Promise<PipelineWorkflowResult> {
  const { runId, graph, input, provenance } = args;
  const heartbeat = args.heartbeatTimeoutMs ?? 30_000;
  const onRunQueue = nodeActivities(heartbeat);
  const onModelQueue = args.modelTaskQueue ? nodeActivities(heartbeat, args.modelTaskQueue) : onRunQueue;
  const queueOf = (nodeId: string) => nodeQueue(nodeId, args.modelNodeIds, args.modelTaskQueue);
  const activitiesFor = (nodeId: string) => (queueOf(nodeId) ? onModelQueue : onRunQueue);
  // Linear chains run as one activity each (domain/graph/chains.ts): no round trip through the
  // server, nor the store, between a node and its only reader. Older histories: one per node.
  const chained = patched('node-chains');
  const plan = planExecution(graph);
  const chainOf = chained && 'steps' in plan ? planChains(plan.steps, queueOf) : new Map<string, string[]>();
  const chainRuns = new Map<string, Promise<NodeOutcome[]>>();
  try {
    // With chains, the chains that start from a source mark the run running as they start (no
    // status write of its own before the first node is even scheduled).
    if (!chained) await markRun(runId, 'running');
    const outcomes = await walkPlan<ValueRef, NodeOutcome>(graph, {
      mode: 'concurrent',
      error: (code, message) => ApplicationFailure.nonRetryable(message, code),
      run: async (step, inputRefs) => {
        const chain = chainOf.get(step.nodeId);
        if (!chain) {
          const outcome = await activitiesFor(step.nodeId).runNode({ runId, graph, nodeId: step.nodeId, inputRefs, input, provenance });
          return { outputs: outcome.outputs, result: outcome };
        }
        // The head starts the chain's activity; every later member is walked once the member
        // before it is done, that is once the whole activity is, and takes its own outcome.
        const markRunning = Object.keys(step.bindings).length === 0;
        if (chain[0] === step.nodeId) chainRuns.set(step.nodeId, activitiesFor(step.nodeId).runChain({ runId, graph, nodeIds: chain, inputRefs, input, provenance, markRunning }));
        const outcome = (await chainRuns.get(chain[0])!)[chain.indexOf(step.nodeId)];
        return { outputs: outcome.outputs, result: outcome };
      },
    });
    const artifacts = outcomes.flatMap((o) => o.artifacts);
    await markRun(runId, 'succeeded', { artifacts });
    return { nodes: outcomes.map((o) => ({ id: o.nodeId, kind: o.kind, ms: o.ms, artifacts: o.artifacts })), artifacts };
  } catch (err) {
    // A cancelled run can also surface as a chain that failed RUN_ENDED: its next node found the
    // run already recorded cancelled (by this workflow's own status write, racing the activity's
    // cancellation). The cancel request decides, not which of the two arrived first.
    const cancelled = isCancellation(err) || CancellationScope.current().consideredCancelled;
    // Record the end state even when the workflow itself is being cancelled.
    await CancellationScope.nonCancellable(async () => {
      if (cancelled) await markRun(runId, 'cancelled', { error: { code: 'CANCELLED', message: 'the run was cancelled' } });
      else await markRun(runId, 'failed', { error: failureToError(err) });
    });
    throw cancelled && !isCancellation(err) ? new CancelledFailure('the run was cancelled') : err;
  }
}

/** Unwraps ActivityFailure -> ApplicationFailure to the RuntimeError code the activity threw. */
function failureToError(err: unknown): { code: string; message: string } {
  let e = err as { cause?: unknown; type?: string; message?: string } | undefined;
  while (e?.cause && !(e instanceof ApplicationFailure)) e = e.cause as typeof e;
  const app = e instanceof ApplicationFailure ? e : undefined;
  return { code: app?.type ?? 'INTERNAL', message: app?.message ?? String((err as Error)?.message ?? err) };
}
