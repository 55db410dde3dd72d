import type { PipelineGraph } from '../../domain/graph/schema';
import { walkPlan } from '../../domain/graph/walk';
import { findSpec } from '../../domain/nodes/catalogue';
import { RuntimeError } from './errors';
import type { Artifact, Kernel, KernelContext } from './kernel';
import type { Value } from './values';

export interface NodeResult {
  id: string;
  kind: string;
  ms: number;
  artifacts: Artifact[];
}

export interface NodeObserver {
  started?(nodeId: string, kind: string): void | Promise<void>;
  finished?(result: NodeResult): void | Promise<void>;
  failed?(nodeId: string, error: unknown): void | Promise<void>;
}

export type KernelLookup = (kind: string, version: number) => Kernel | undefined;

/**
 * Runs one node: parse its params with its spec, call its kernel on its inputs. Shared by
 * the interpreter below and by the Temporal activity (which loads the inputs from the blob
 * store instead of memory).
 */
export async function runStep(
  graph: PipelineGraph,
  nodeId: string,
  inputs: Record<string, Value>,
  kernels: KernelLookup,
  ctx: KernelContext,
): Promise<{ outputs: Record<string, Value>; artifacts: Artifact[]; ms: number }> {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) throw new RuntimeError('BAD_NODE_INPUT', `node ${nodeId} is not in the graph`);
  const spec = findSpec(node.kind, node.version);
  const kernel = kernels(node.kind, node.version);
  if (!kernel) throw new RuntimeError('KERNEL_MISSING', `no kernel for ${node.kind}@${node.version} on ${ctx.inference.target}`);
  const params = spec.params.parse(node.params);
  const artifacts: Artifact[] = [];
  const recordingCtx: KernelContext = {
    ...ctx,
    writeArtifact: async (file) => {
      const a = await ctx.writeArtifact(file);
      artifacts.push(a);
      return a;
    },
  };
  const t0 = performance.now();
  const outputs = await kernel.run({ node, params, inputs, ctx: recordingCtx });
  return { outputs, artifacts, ms: performance.now() - t0 };
}

/**
 * The in-memory interpreter (in-process executor, browser, edge, bench): the shared plan walker
 * in sequential mode, values kept in memory and dropped after their last consumer.
 */
export async function interpretGraph(
  graph: PipelineGraph,
  opts: { kernels: KernelLookup; context: (nodeId: string) => KernelContext; observer?: NodeObserver },
): Promise<{ nodes: NodeResult[]; artifacts: Artifact[] }> {
  const nodes = await walkPlan<Value, NodeResult>(graph, {
    mode: 'sequential',
    error: (code, message) => new RuntimeError(code, message),
    run: async (step, inputs) => {
      const ctx = opts.context(step.nodeId);
      if (ctx.signal?.aborted) throw new RuntimeError('CANCELLED', 'the run was cancelled');
      const kind = graph.nodes.find((n) => n.id === step.nodeId)!.kind;
      await opts.observer?.started?.(step.nodeId, kind);
      try {
        const { outputs, artifacts, ms } = await runStep(graph, step.nodeId, inputs, opts.kernels, ctx);
        const result = { id: step.nodeId, kind, ms, artifacts };
        await opts.observer?.finished?.(result);
        return { outputs, result };
      } catch (e) {
        await opts.observer?.failed?.(step.nodeId, e);
        throw e;
      }
    },
  });
  return { nodes, artifacts: nodes.flatMap((n) => n.artifacts) };
}
