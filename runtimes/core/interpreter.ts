import type { PipelineGraph } from '../../domain/graph/schema';
import { planExecution, type PlanStep } from '../../domain/graph/plan';
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
 * Runs one node: parse its params with its spec, gather its inputs, call its kernel.
 * Shared by the embedded interpreter below and by the Temporal activity (which loads the
 * inputs from the blob store instead of memory).
 */
export async function runStep(
  graph: PipelineGraph,
  step: PlanStep,
  inputs: Record<string, Value>,
  kernels: KernelLookup,
  ctx: KernelContext,
): Promise<{ outputs: Record<string, Value>; artifacts: Artifact[]; ms: number }> {
  const node = graph.nodes.find((n) => n.id === step.nodeId);
  if (!node) throw new RuntimeError('BAD_NODE_INPUT', `node ${step.nodeId} is not in the graph`);
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

/** Gather a step's inputs from the values produced so far. */
export function bindInputs(step: PlanStep, values: Map<string, Record<string, Value>>): Record<string, Value> {
  const inputs: Record<string, Value> = {};
  for (const [port, src] of Object.entries(step.bindings)) {
    const v = values.get(src.node)?.[src.port];
    if (!v) throw new RuntimeError('BAD_NODE_INPUT', `input ${step.nodeId}.${port} has no value from ${src.node}.${src.port}`);
    inputs[port] = v;
  }
  return inputs;
}

/**
 * The embedded interpreter: every node in topological order, values kept in memory and
 * dropped as soon as their last consumer has run (a 256^3 run holds a few hundred MB at peak).
 */
export async function interpretGraph(
  graph: PipelineGraph,
  opts: { kernels: KernelLookup; context: (nodeId: string) => KernelContext; observer?: NodeObserver },
): Promise<{ nodes: NodeResult[]; artifacts: Artifact[] }> {
  const plan = planExecution(graph);
  if ('cycle' in plan) throw new RuntimeError('BAD_NODE_INPUT', `the graph has a cycle through ${plan.cycle.join(', ')}`);
  const values = new Map<string, Record<string, Value>>();
  const remaining = new Map(plan.steps.map((s) => [s.nodeId, s.consumers.length]));
  const nodes: NodeResult[] = [];
  for (const step of plan.steps) {
    const ctx = opts.context(step.nodeId);
    if (ctx.signal?.aborted) throw new RuntimeError('CANCELLED', 'the run was cancelled');
    const kind = graph.nodes.find((n) => n.id === step.nodeId)!.kind;
    await opts.observer?.started?.(step.nodeId, kind);
    try {
      const { outputs, artifacts, ms } = await runStep(graph, step, bindInputs(step, values), opts.kernels, ctx);
      values.set(step.nodeId, outputs);
      const result = { id: step.nodeId, kind, ms, artifacts };
      nodes.push(result);
      await opts.observer?.finished?.(result);
    } catch (e) {
      await opts.observer?.failed?.(step.nodeId, e);
      throw e;
    }
    for (const src of new Set(Object.values(step.bindings).map((b) => b.node))) {
      const left = (remaining.get(src) ?? 1) - 1;
      remaining.set(src, left);
      if (left === 0) values.delete(src);
    }
  }
  return { nodes, artifacts: nodes.flatMap((n) => n.artifacts) };
}
