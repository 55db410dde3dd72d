import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { planExecution, type PlanStep } from '../domain/graph/plan';
import { runStep } from '../runtimes/core/interpreter';
import { decodeValue, encodeValue } from '../runtimes/core/value-codec';
import type { Artifact } from '../runtimes/core/kernel';
import type { Value } from '../runtimes/core/values';
import { createKernelContext } from './context';
import { toRunError } from './errors';
import type { NodeUsage } from './meter';
import { startMeter } from './meter';
import { RunEndedError, type RunDeps, type RunStatus, type RunStatusExtra, type ValueRef } from './contract';
import type { Activities, NodeOutcome, RunChainArgs } from './types';

/**
 * Activities built by a factory (dependencies injected, as in samples-typescript
 * `activities-dependency-injection`) so the worker, the in-process worker of the embedded
 * database and tests all share one implementation.
 */
/**
 * A value only the next node of its chain reads is stored anyway when its node computed for this
 * long: recomputing it after a crash would cost more than the write.
 */
export const CHECKPOINT_AFTER_MS = 5_000;

export function createActivities(deps: RunDeps): Activities {
  /**
   * One chain of nodes (domain/graph/chains.ts) in this activity: the head's inputs read from
   * the blob store, each later node fed from the one before it in memory. Every node is recorded.
   * Outputs that leave the chain (the last node's, and any read by a node outside it) are
   * stored while the next node computes (write-behind); such a node is recorded finished only
   * once they are, and the activity completes only once every write has. A value only the next
   * node of the chain reads is not stored, unless its node ran for CHECKPOINT_AFTER_MS or more
   * (cheaper to store than to recompute). A retry (another worker, after a crash) reuses every
   * finished node whose outputs were stored and recomputes the rest of the chain from there.
   */
  async function runChain(args: RunChainArgs): Promise<NodeOutcome[]> {
    const { runId, graph, nodeIds } = args;
    const actx = Context.current();
    const plan = planExecution(graph);
    const steps = new Map(('steps' in plan ? plan.steps : []).map((s) => [s.nodeId, s]));
    // A first attempt has no earlier one to reuse (and skips the reads).
    const retry = actx.info.attempt > 1;
    const outcomes: Promise<NodeOutcome>[] = [];
    let writeFailed: unknown;
    let previous: { outputs?: Record<string, Value>; refs?: Record<string, ValueRef> } | undefined;
    // Kernels report progress at their own pace; inference runs in a worker thread, so a
    // timer keeps heartbeating meanwhile (a dead worker is then noticed within heartbeatTimeout).
    const beat = { nodeId: nodeIds[0], fraction: 0 };
    const beatEveryMs = Math.max(200, Math.min(5_000, (actx.info.heartbeatTimeoutMs ?? 30_000) / 3));
    const timer = setInterval(() => actx.heartbeat(beat), beatEveryMs);
    try {
      if (args.markRunning) await deps.recorder.runStatus(runId, 'running');
      for (const [i, nodeId] of nodeIds.entries()) {
        const node = graph.nodes.find((n) => n.id === nodeId);
        const step = steps.get(nodeId);
        if (!node || !step) throw ApplicationFailure.nonRetryable(`node ${nodeId} is not in the graph`, 'BAD_NODE_INPUT');
        // Idempotent on (runId, nodeId): a retry after a crash after the node finished reuses it.
        const recorded = retry ? await deps.recorder.getNode(runId, nodeId) : undefined;
        if (recorded?.status === 'succeeded' && recorded.outputRefs) {
          outcomes.push(Promise.resolve({ nodeId, kind: node.kind, ms: recorded.ms ?? 0, artifacts: recorded.artifacts, outputs: recorded.outputRefs, reused: true }));
          previous = { refs: recorded.outputRefs };
          continue;
        }
        if (writeFailed) throw writeFailed;
        Object.assign(beat, { nodeId, fraction: 0 });
        const from = previous;
        const load = () => (i === 0 ? readInputs(args.inputRefs) : chainInputs(step, from!));
        const ran = await compute(args, node.kind, nodeId, load, actx, beat);
        const inChainOnly = i < nodeIds.length - 1 && step.consumers.every((c) => c === nodeIds[i + 1]);
        const stored = store(runId, ran, !inChainOnly || ran.ms >= CHECKPOINT_AFTER_MS);
        stored.catch((e: unknown) => (writeFailed ??= e));
        outcomes.push(stored);
        previous = { outputs: ran.outputs };
      }
      return await Promise.all(outcomes);
    } catch (e) {
      // No write may land after the activity has failed (its retry could be running elsewhere).
      await Promise.allSettled(outcomes);
      throw e;
    } finally {
      clearInterval(timer);
    }
  }

  async function readInputs(refs: Record<string, ValueRef>): Promise<Record<string, Value>> {
    const inputs: Record<string, Value> = {};
    for (const [port, ref] of Object.entries(refs)) inputs[port] = decodeValue(await deps.blobs.read(ref.sha256));
    return inputs;
  }

  /** A chain member's inputs: the previous member's outputs, in memory (or read back when that member was reused). */
  async function chainInputs(step: PlanStep, previous: { outputs?: Record<string, Value>; refs?: Record<string, ValueRef> }) {
    const inputs: Record<string, Value> = {};
    for (const [port, src] of Object.entries(step.bindings)) {
      const value = previous.outputs?.[src.port];
      const ref = previous.refs?.[src.port];
      if (value) inputs[port] = value;
      else if (ref) inputs[port] = decodeValue(await deps.blobs.read(ref.sha256));
      else throw ApplicationFailure.nonRetryable(`input ${step.nodeId}.${port} has no value from ${src.node}.${src.port}`, 'BAD_NODE_INPUT');
    }
    return inputs;
  }

  type Computed = { nodeId: string; kind: string; outputs: Record<string, Value>; artifacts: Artifact[]; ms: number; usage?: NodeUsage };

  /** Runs one node's kernel (recorded as started; a failure recorded and typed for Temporal's retry policy). */
  async function compute(args: RunChainArgs, kind: string, nodeId: string, load: () => Promise<Record<string, Value>>, actx: Context, beat: { fraction: number }): Promise<Computed> {
    const { runId, graph } = args;
    // A chain cancelled between two of its nodes starts no further node (the reason is the SDK's CancelledFailure).
    if (actx.cancellationSignal.aborted) throw actx.cancellationSignal.reason;
    await deps.recorder.nodeStarted(runId, nodeId, kind).catch((e: unknown) => {
      throw e instanceof RunEndedError ? ApplicationFailure.nonRetryable(e.message, 'RUN_ENDED') : e;
    });
    let usage: NodeUsage | undefined;
    try {
      // Read inside: a stored input that cannot be read or decoded fails the node with its code.
      const inputs = await load();
      const ctx = createKernelContext(deps, {
        runId,
        nodeId,
        input: args.input,
        provenance: args.provenance,
        signal: actx.cancellationSignal,
        onProgress: (f) => {
          beat.fraction = f;
          actx.heartbeat(beat);
        },
      });
      const meter = startMeter();
      const { outputs, artifacts, ms } = await runStep(graph, nodeId, inputs, deps.kernels, ctx).finally(() => (usage = meter.stop()));
      return { nodeId, kind, outputs, artifacts, ms, usage };
    } catch (e) {
      throw await failure(runId, nodeId, e, actx.cancellationSignal);
    }
  }

  /**
   * Stores a computed node's outputs (`keep`), then records it finished (and charged). A value
   * not kept is handed over in memory only: its ref has an empty sha256 and the node is
   * recorded without outputs, so a retry recomputes it.
   */
  async function store(runId: string, c: Computed, keep: boolean): Promise<NodeOutcome> {
    try {
      // Every port encoded before the first await: the next node may already be using (or have
      // handed to the inference thread) the same arrays by the time a write resumes.
      const encoded = Object.entries(c.outputs).map(([port, value]) => ({ port, type: value.type, bytes: keep ? encodeValue(value) : undefined }));
      const refs: Record<string, ValueRef> = {};
      for (const { port, type, bytes } of encoded) {
        const { sha256, size } = bytes ? await deps.blobs.putBytes(bytes) : { sha256: '', size: 0 };
        refs[port] = { sha256, size, type };
      }
      await deps.recorder.nodeFinished(runId, c.nodeId, { ms: c.ms, artifacts: c.artifacts, outputRefs: keep ? refs : null, usage: c.usage });
      return { nodeId: c.nodeId, kind: c.kind, ms: c.ms, artifacts: c.artifacts, outputs: refs, reused: false };
    } catch (e) {
      throw await failure(runId, c.nodeId, e, Context.current().cancellationSignal);
    }
  }

  /**
   * The node recorded failed; user errors fail the run at once, the rest are retried. A node
   * stopped because the activity was cancelled reports the cancellation itself (Temporal's
   * CancelledFailure, so the workflow sees a cancelled activity, not a failed one) and leaves
   * the node to the run's end, which marks it cancelled.
   */
  async function failure(runId: string, nodeId: string, e: unknown, cancelled: AbortSignal): Promise<unknown> {
    if (e instanceof ApplicationFailure) return e;
    if (cancelled.aborted) return cancelled.reason;
    const err = toRunError(e);
    await deps.recorder.nodeFailed(runId, nodeId, { code: err.code, message: err.message });
    return err.user ? ApplicationFailure.nonRetryable(err.message, err.code) : ApplicationFailure.retryable(err.message, err.code);
  }

  return {
    runChain,
    /** One node: the activity of histories written before chains (and a chain of one). */
    async runNode({ nodeId, ...rest }) {
      return (await runChain({ ...rest, nodeIds: [nodeId] }))[0];
    },
    async markRun(runId: string, status: RunStatus, extra?: RunStatusExtra): Promise<void> {
      await deps.recorder.runStatus(runId, status, extra);
    },
  };
}
