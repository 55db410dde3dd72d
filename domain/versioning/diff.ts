import type { Edge, NodeInstance, PipelineGraph } from '../graph/schema';
import { canonicalJson } from './canonical';

export interface Change<T> {
  from: T;
  to: T;
}

export interface NodeChange {
  id: string;
  kind?: Change<string>;
  version?: Change<number>;
  /** Top-level param keys whose value differs (absent on one side: undefined). */
  params: ({ key: string } & Change<unknown>)[];
}

export interface GraphDiff {
  nodes: { added: string[]; removed: string[]; changed: NodeChange[] };
  /** Edges are matched by their ends, not ids: re-drawing the same wire is no change. */
  edges: { added: string[]; removed: string[] };
}

/** What changed from `a` to `b` (nodes matched by id). Layout and labels are not compared. */
export function diffGraphs(a: PipelineGraph, b: PipelineGraph): GraphDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const changed: NodeChange[] = [];
  for (const [id, n] of after) {
    const old = before.get(id);
    if (old) {
      const c = nodeChange(old, n);
      if (c) changed.push(c);
    }
  }
  const ea = new Set(a.edges.map(edgeKey));
  const eb = new Set(b.edges.map(edgeKey));
  return {
    nodes: { added: [...after.keys()].filter((id) => !before.has(id)), removed: [...before.keys()].filter((id) => !after.has(id)), changed },
    edges: { added: [...eb].filter((k) => !ea.has(k)), removed: [...ea].filter((k) => !eb.has(k)) },
  };
}

export const edgeKey = (e: Edge) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`;

function nodeChange(a: NodeInstance, b: NodeInstance): NodeChange | undefined {
  const c: NodeChange = { id: a.id, params: [] };
  if (a.kind !== b.kind) c.kind = { from: a.kind, to: b.kind };
  if (a.version !== b.version) c.version = { from: a.version, to: b.version };
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  for (const key of keys) {
    const from = a.params[key];
    const to = b.params[key];
    const same = from === undefined || to === undefined ? from === to : canonicalJson(from) === canonicalJson(to);
    if (!same) c.params.push({ key, from, to });
  }
  return c.kind || c.version || c.params.length ? c : undefined;
}
