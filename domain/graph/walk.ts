import { planExecution, type PlanStep } from './plan';
import type { PipelineGraph } from './schema';

/**
 * The one plan walker every host uses (in-process executor, Temporal workflow, browser, edge,
 * bench), as in Temporal's dsl-interpreter sample: the plan decides the order, the host decides
 * how a step runs and what a value is (a Value in memory, a stored ValueRef under Temporal).
 * Pure and deterministic (no IO, no clock), so it runs inside the workflow sandbox too.
 *
 * - `sequential`: one step at a time in plan order; a value is dropped as soon as its last
 *   consumer has run (memory-bound hosts: a 256^3 run holds a few hundred MB at peak).
 * - `concurrent`: a step starts as soon as every upstream step has finished, so independent
 *   branches overlap (Temporal activities on several workers).
 * Either way the results come back in plan order, so every host reports nodes and artifacts
 * in the same order.
 */
export type WalkMode = 'sequential' | 'concurrent';

export interface WalkHost<V, R> {
  mode: WalkMode;
  /** Runs one step on its bound inputs: its outputs (by port) and what the host reports for it. */
  run(step: PlanStep, inputs: Record<string, V>): Promise<{ outputs: Record<string, V>; result: R }>;
  /** The host's error for a graph that cannot be walked (a cycle, an unbound input). */
  error(code: 'BAD_NODE_INPUT', message: string): Error;
}

export async function walkPlan<V, R>(graph: PipelineGraph, host: WalkHost<V, R>): Promise<R[]> {
  const plan = planExecution(graph);
  if ('cycle' in plan) throw host.error('BAD_NODE_INPUT', `the graph has a cycle through ${plan.cycle.join(', ')}`);
  return host.mode === 'sequential' ? sequential(plan.steps, host) : concurrent(plan.steps, host);
}

/** A step's inputs from its upstream outputs. */
function bind<V, R>(step: PlanStep, outputsOf: (node: string) => Record<string, V> | undefined, host: WalkHost<V, R>): Record<string, V> {
  const inputs: Record<string, V> = {};
  for (const [port, src] of Object.entries(step.bindings)) {
    const v = outputsOf(src.node)?.[src.port];
    if (v === undefined) throw host.error('BAD_NODE_INPUT', `input ${step.nodeId}.${port} has no value from ${src.node}.${src.port}`);
    inputs[port] = v;
  }
  return inputs;
}

const upstreamOf = (step: PlanStep) => [...new Set(Object.values(step.bindings).map((b) => b.node))];

async function sequential<V, R>(steps: PlanStep[], host: WalkHost<V, R>): Promise<R[]> {
  const values = new Map<string, Record<string, V>>();
  const readersLeft = new Map(steps.map((s) => [s.nodeId, s.consumers.length]));
  const results: R[] = [];
  for (const step of steps) {
    const { outputs, result } = await host.run(step, bind(step, (n) => values.get(n), host));
    values.set(step.nodeId, outputs);
    results.push(result);
    for (const src of upstreamOf(step)) {
      const left = (readersLeft.get(src) ?? 1) - 1;
      readersLeft.set(src, left);
      if (left === 0) values.delete(src);
    }
  }
  return results;
}

async function concurrent<V, R>(steps: PlanStep[], host: WalkHost<V, R>): Promise<R[]> {
  const done = new Map<string, Promise<Record<string, V>>>();
  const results = new Map<string, Promise<R>>();
  for (const step of steps) {
    const ran = (async () => {
      const outputs = new Map<string, Record<string, V>>();
      for (const id of upstreamOf(step)) outputs.set(id, await done.get(id)!);
      return host.run(step, bind(step, (n) => outputs.get(n), host));
    })();
    done.set(step.nodeId, ran.then((r) => r.outputs));
    results.set(step.nodeId, ran.then((r) => r.result));
    // The failure is reported once, through the results below (not as an unhandled rejection).
    done.get(step.nodeId)!.catch(() => undefined);
  }
  // In plan order; Promise.all rejects with the first failure.
  return Promise.all(steps.map((s) => results.get(s.nodeId)!));
}
