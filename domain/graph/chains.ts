import type { PlanStep } from './plan';

/**
 * Linear chains of a plan: runs of steps where each step reads only the step before it, on the
 * same queue. A host that pays for every hand-over between steps (a Temporal activity per node:
 * a server round trip, the value written and read back) runs a chain as one unit instead, with
 * the values inside it kept in memory.
 *
 * No parallelism is lost: a step joins the chain of the step it reads only when every other
 * reader of that step depends on it anyway (so none of them could have started before it had
 * finished). A straight line is one chain; a source read by a model chain and by an overlay
 * that also needs the model's labels joins that chain; two independent branches stay apart,
 * and a join (a step reading several steps) starts a chain of its own.
 *
 * Returns, for every step, the chain it belongs to (node ids in plan order; the first is its
 * head). Pure and deterministic, for the workflow sandbox. Quadratic in the steps at worst
 * (ancestor sets; graphs are capped at 500 nodes, domain/graph/limits.ts).
 */
export function planChains(steps: PlanStep[], queueOf: (nodeId: string) => string | undefined = () => undefined): Map<string, string[]> {
  const byId = new Map(steps.map((s) => [s.nodeId, s]));
  const upstreamOf = (s: PlanStep) => [...new Set(Object.values(s.bindings).map((b) => b.node))].filter((id) => byId.has(id));
  // Every step's ancestors (plan order puts each step after all of them).
  const ancestors = new Map<string, Set<string>>();
  for (const s of steps) {
    const set = new Set<string>();
    for (const u of upstreamOf(s)) {
      set.add(u);
      for (const a of ancestors.get(u) ?? []) set.add(a);
    }
    ancestors.set(s.nodeId, set);
  }
  const chainOf = new Map<string, string[]>();
  for (const step of steps) {
    const upstream = upstreamOf(step);
    const prev = upstream.length === 1 ? byId.get(upstream[0]) : undefined;
    const chain = prev ? chainOf.get(prev.nodeId) : undefined;
    const joins =
      prev !== undefined &&
      chain !== undefined &&
      chain.at(-1) === prev.nodeId &&
      queueOf(prev.nodeId) === queueOf(step.nodeId) &&
      prev.consumers.every((c) => c === step.nodeId || ancestors.get(c)?.has(step.nodeId));
    const mine = joins ? chain! : [];
    mine.push(step.nodeId);
    chainOf.set(step.nodeId, mine);
  }
  return chainOf;
}
