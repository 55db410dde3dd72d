
export type DiffStatus = 'added' | 'removed' | 'changed' | 'same';

/** The parts of a GraphDiff (domain/versioning/diff.ts) this needs, as they arrive over tRPC. */
interface GraphDiffIds {
  nodes: { added: string[]; removed: string[]; changed: { id: string }[] };
  edges: { added: string[]; removed: string[] };
}

/**
 * How each node and edge of one side of a diff is drawn: the `from` canvas shows removed and
 * changed items, the `to` canvas added and changed ones; the rest is unchanged. Edges are
 * keyed like diffGraphs keys them (`a.port->b.port`).
 */
export function sideStatuses(diff: GraphDiffIds, side: 'from' | 'to'): { nodes: Map<string, DiffStatus>; edges: Map<string, DiffStatus> } {
  const nodes = new Map<string, DiffStatus>();
  const edges = new Map<string, DiffStatus>();
  for (const c of diff.nodes.changed) nodes.set(c.id, 'changed');
  if (side === 'from') {
    for (const id of diff.nodes.removed) nodes.set(id, 'removed');
    for (const k of diff.edges.removed) edges.set(k, 'removed');
  } else {
    for (const id of diff.nodes.added) nodes.set(id, 'added');
    for (const k of diff.edges.added) edges.set(k, 'added');
  }
  return { nodes, edges };
}

/** The two versions to compare by default: the active one against the one published before it. */
export function defaultPair<V extends { id: string; active: boolean }>(versions: V[]): { from?: string; to?: string } {
  // versions are newest first
  const activeAt = Math.max(0, versions.findIndex((v) => v.active));
  const to = versions[activeAt]?.id;
  const from = versions[activeAt + 1]?.id ?? versions.find((v) => v.id !== to)?.id;
  return { from, to };
}
