import type { PlanStep } from './plan';

/**
 * Linear chains of a plan: runs of steps where each step reads only the step before it and is
 * that step's only reader, on the same queue. A host that pays for every hand-over between
 * steps (a Temporal activity per node: a server round trip, the value written and read back)
 * runs a chain as one unit instead, with the values inside it kept in memory. No parallelism
 * is lost: a step in a chain could not have started before the step before it had finished,
 * and nothing else waited on that step. Branches (a step read by several) and joins (a step
 * reading several) end and start chains.
 *
 * Returns, for every step, the chain it belongs to (node ids in plan order; the first is its
 * head). Pure and deterministic, for the workflow sandbox.
 */
export function planChains(steps: PlanStep[], queueOf: (nodeId: string) => string | undefined = () => undefined): Map<string, string[]> {
  const byId = new Map(steps.map((s) => [s.nodeId, s]));
  const chainOf = new Map<string, string[]>();
  for (const step of steps) {
    const upstream = [...new Set(Object.values(step.bindings).map((b) => b.node))];
    const prev = upstream.length === 1 ? byId.get(upstream[0]) : undefined;
    const joins = prev && prev.consumers.length === 1 && prev.consumers[0] === step.nodeId && queueOf(prev.nodeId) === queueOf(step.nodeId);
    const chain = joins ? chainOf.get(prev.nodeId)! : [];
    chain.push(step.nodeId);
    chainOf.set(step.nodeId, chain);
  }
  return chainOf;
}
