import type { Edge, NodeInstance, PipelineGraph } from '../graph/schema';
import { canonicalJson } from './canonical';

export interface Change<T> {
  from: T;
  to: T;
}

/** One changed param value: `path` is dotted from the param key (`model.sha256`, `window.width`); absent on one side: undefined. */
export type ParamChange = { path: string } & Change<unknown>;

export interface NodeChange {
  id: string;
  kind?: Change<string>;
  version?: Change<number>;
  label?: Change<string | undefined>;
  params: ParamChange[];
}

export interface GraphDiff {
  nodes: { added: string[]; removed: string[]; changed: NodeChange[] };
  /** Edges are matched by their ends, not ids: re-drawing the same wire is no change. */
  edges: { added: string[]; removed: string[] };
}

/**
 * What changed from `a` to `b` (nodes matched by id). Layout is not compared (it is not part
 * of the content hash either); kind, version, label and params are.
 */
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

export const isGraphDiffEmpty = (d: GraphDiff) =>
  !d.nodes.added.length && !d.nodes.removed.length && !d.nodes.changed.length && !d.edges.added.length && !d.edges.removed.length;

function nodeChange(a: NodeInstance, b: NodeInstance): NodeChange | undefined {
  const c: NodeChange = { id: a.id, params: paramChanges(a.params, b.params, '') };
  if (a.kind !== b.kind) c.kind = { from: a.kind, to: b.kind };
  if (a.version !== b.version) c.version = { from: a.version, to: b.version };
  if ((a.label ?? '') !== (b.label ?? '')) c.label = { from: a.label, to: b.label };
  return c.kind || c.version || c.label || c.params.length ? c : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Changed leaves, recursing into objects on both sides; arrays and scalars compare whole (canonical JSON). */
function paramChanges(a: Record<string, unknown>, b: Record<string, unknown>, prefix: string): ParamChange[] {
  const out: ParamChange[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const from = a[key];
    const to = b[key];
    const path = prefix + key;
    if (isPlainObject(from) && isPlainObject(to)) out.push(...paramChanges(from, to, `${path}.`));
    else if (from === undefined || to === undefined ? from !== to : canonicalJson(from) !== canonicalJson(to)) out.push({ path, from, to });
  }
  return out;
}
