import dagre from '@dagrejs/dagre';
import { NODE_H, NODE_W, type Box } from './layout';

type Pos = { x: number; y: number };

/** Air between layers (ranks, left to right) and between nodes of one layer, in px. */
const RANK_SEP = 80;
const NODE_SEP = 32;

/**
 * Left-to-right layered layout (dagre: longest-path ranks, crossing reduction, Brandes-Köpf
 * placement) of the canvas nodes at their measured sizes. Returns each node's new top-left
 * position; edges only order the layers, ports are not modelled.
 */
export function layeredLayout(nodes: (Box & { id: string })[], edges: { source: string; target: string }[]): Map<string, Pos> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranksep: RANK_SEP, nodesep: NODE_SEP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? NODE_W, height: n.measured?.height ?? NODE_H });
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, Pos>();
  for (const n of nodes) {
    const { x, y, width, height } = g.node(n.id);
    // dagre places centres; React Flow positions are top-left corners.
    out.set(n.id, { x: Math.round(x - width / 2), y: Math.round(y - height / 2) });
  }
  return out;
}
