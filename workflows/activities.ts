import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { runStep } from '../runtimes/core/interpreter';
import { decodeValue, encodeValue } from '../runtimes/core/value-codec';
import type { Value } from '../runtimes/core/values';
import { createKernelContext } from './context';
import { toRunError } from './errors';
import type { NodeUsage } from './meter';
import { startMeter } from './meter';
import type { RunDeps, RunStatus, RunStatusExtra, ValueRef } from './contract';
import type { Activities, NodeOutcome, RunNodeArgs } from './types';

/**
 * Activities built by a factory (dependencies injected, as in samples-typescript
 * `activities-dependency-injection`) so the worker, the in-process worker of the embedded
 * database and tests all share one implementation.
 */
export function createActivities(deps: RunDeps): Activities {
  return {
    async runNode(args: RunNodeArgs): Promise<NodeOutcome> {
      const { runId, graph, nodeId } = args;
      const node = graph.nodes.find((n) => n.id === nodeId);
      if (!node) throw ApplicationFailure.nonRetryable(`node ${nodeId} is not in the graph`, 'BAD_NODE_INPUT');

      // Idempotent on (runId, nodeId): a retry after a crash after the node finished reuses it.
      const recorded = await deps.recorder.getNode(runId, nodeId);
      if (recorded?.status === 'succeeded' && recorded.outputRefs) {
        return { nodeId, kind: node.kind, ms: recorded.ms ?? 0, artifacts: recorded.artifacts, outputs: recorded.outputRefs, reused: true };
      }

      const actx = Context.current();
      await deps.recorder.nodeStarted(runId, nodeId, node.kind);
      // Kernels report progress at their own pace; inference runs in a worker thread, so a
      // timer keeps heartbeating meanwhile (a dead worker is then noticed within heartbeatTimeout).
      let fraction = 0;
      let usage: NodeUsage | undefined;
      const beatEveryMs = Math.max(200, Math.min(5_000, (actx.info.heartbeatTimeoutMs ?? 30_000) / 3));
      const timer = setInterval(() => actx.heartbeat({ fraction }), beatEveryMs);
      try {
        const inputs: Record<string, Value> = {};
        for (const [port, ref] of Object.entries(args.inputRefs)) inputs[port] = decodeValue(await deps.blobs.read(ref.sha256));
        const ctx = createKernelContext(deps, {
          runId,
          nodeId,
          input: args.input,
          provenance: args.provenance,
          signal: actx.cancellationSignal,
          onProgress: (f) => {
            fraction = f;
            actx.heartbeat({ fraction });
          },
        });
        const meter = startMeter();
        const { outputs, artifacts, ms } = await runStep(graph, nodeId, inputs, deps.kernels, ctx).finally(() => (usage = meter.stop()));
        const refs: Record<string, ValueRef> = {};
        for (const [port, value] of Object.entries(outputs)) {
          const { sha256, size } = await deps.blobs.putBytes(encodeValue(value));
          refs[port] = { sha256, size, type: value.type };
        }
        await deps.recorder.nodeFinished(runId, nodeId, { ms, artifacts, outputRefs: refs, usage });
        return { nodeId, kind: node.kind, ms, artifacts, outputs: refs, reused: false };
      } catch (e) {
        if (e instanceof ApplicationFailure) throw e;
        const err = toRunError(e);
        await deps.recorder.nodeFailed(runId, nodeId, { code: err.code, message: err.message });
        if (err.user) throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw ApplicationFailure.retryable(err.message, err.code);
      } finally {
        clearInterval(timer);
      }
    },

    async markRun(runId: string, status: RunStatus, extra?: RunStatusExtra): Promise<void> {
      await deps.recorder.runStatus(runId, status, extra);
    },
  };
}
