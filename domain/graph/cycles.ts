/** Graph reachability helpers on {nodes, edges}; edges to unknown node ids are ignored. */
interface Shape {
  nodes: { id: string }[];
  edges: { source: { node: string }; target: { node: string } }[];
}

function adjacency(g: Shape): Map<string, string[]> {
  const adj = new Map(g.nodes.map((n) => [n.id, [] as string[]]));
  for (const e of g.edges) {
    if (adj.has(e.source.node) && adj.has(e.target.node)) adj.get(e.source.node)!.push(e.target.node);
  }
  return adj;
}

/**
 * Ids of nodes that lie on a cycle: members of a strongly connected component with more than
 * one node, or with a self-loop (Tarjan). Unlike Kahn's leftovers, nodes merely downstream of
 * a cycle are not included. Returned in graph node order.
 */
export function nodesOnCycles(g: Shape): string[] {
  const adj = adjacency(g);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cyclic = new Set<string>();
  let next = 0;
  // Iterative Tarjan (an explicit call stack of [node, next neighbour]): a long chain must not
  // overflow the JS stack.
  const enter = (v: string, calls: [string, number][]) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    calls.push([v, 0]);
  };
  for (const n of g.nodes) {
    if (index.has(n.id)) continue;
    const calls: [string, number][] = [];
    enter(n.id, calls);
    while (calls.length) {
      const frame = calls[calls.length - 1];
      const [v, i] = frame;
      const out = adj.get(v)!;
      if (i < out.length) {
        frame[1] = i + 1;
        const w = out[i];
        if (!index.has(w)) enter(w, calls);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      calls.pop();
      if (calls.length) {
        const parent = calls[calls.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) !== index.get(v)) continue;
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || out.includes(v)) scc.forEach((id) => cyclic.add(id));
    }
  }
  return g.nodes.map((n) => n.id).filter((id) => cyclic.has(id));
}

/** True when `to` can be reached from `from` along edges (a node reaches itself). */
export function reaches(g: Shape, from: string, to: string): boolean {
  const adj = adjacency(g);
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const id = todo.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...(adj.get(id) ?? []));
  }
  return false;
}
