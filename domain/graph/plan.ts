import type { PipelineGraph, PortRef } from './schema';

export interface PlanStep {
  nodeId: string;
  /** input port id -> the upstream output feeding it */
  bindings: Record<string, PortRef>;
  /** ids of later steps that read this node's outputs (for freeing intermediates) */
  consumers: string[];
}

/**
 * Topological order of a graph (Kahn; ties broken by node order in the file so the plan is
 * deterministic, which Temporal workflow replay relies on). Returns `cycle` with the node ids
 * left over when the graph is not a DAG. Edges to unknown nodes are ignored here (the
 * validator reports them).
 */
export function planExecution(graph: PipelineGraph): { steps: PlanStep[] } | { cycle: string[] } {
  const ids = graph.nodes.map((n) => n.id);
  const position = new Map(ids.map((id, i) => [id, i]));
  const known = new Set(ids);
  const indeg = new Map(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  const bindings = new Map<string, Record<string, PortRef>>(ids.map((id) => [id, {}]));
  for (const e of graph.edges) {
    if (!known.has(e.source.node) || !known.has(e.target.node)) continue;
    indeg.set(e.target.node, (indeg.get(e.target.node) ?? 0) + 1);
    out.get(e.source.node)!.push(e.target.node);
    bindings.get(e.target.node)![e.target.port] = e.source;
  }
  // `ready` is kept sorted by file position, descending, so the next node is a pop (no
  // indexOf or shift: linear-ish, not quadratic, in the graph size).
  const byPositionDesc = (a: string, b: string) => position.get(b)! - position.get(a)!;
  const ready = ids.filter((id) => indeg.get(id) === 0).sort(byPositionDesc);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.pop()!;
    order.push(id);
    let added = false;
    for (const next of out.get(id)!) {
      const d = indeg.get(next)! - 1;
      indeg.set(next, d);
      if (d === 0) (ready.push(next), (added = true));
    }
    if (added) ready.sort(byPositionDesc);
  }
  if (order.length !== ids.length) {
    const done = new Set(order);
    return { cycle: ids.filter((id) => !done.has(id)) };
  }
  return {
    steps: order.map((nodeId) => ({
      nodeId,
      bindings: bindings.get(nodeId)!,
      consumers: [...new Set(out.get(nodeId)!)],
    })),
  };
}
