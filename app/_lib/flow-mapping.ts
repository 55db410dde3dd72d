import type { Edge, Node } from '@xyflow/react';
import type { PipelineGraph } from '../../domain/graph/schema';

/**
 * The ONE mapping between React Flow shapes and the domain PipelineGraph.
 * Invariants: React Flow node id = graph node id, edge id = graph edge id (stable, never
 * regenerated on load), handle id = port id. Names are labels only.
 */
export interface StudioNodeData extends Record<string, unknown> {
  kind: string;
  version: number;
  label?: string;
  params: Record<string, unknown>;
}
export type StudioNode = Node<StudioNodeData, 'studio'>;
export type StudioEdge = Edge;

export interface GraphMeta {
  name: string;
  description: string;
}

export function graphToFlow(graph: PipelineGraph): { meta: GraphMeta; nodes: StudioNode[]; edges: StudioEdge[] } {
  const nodes: StudioNode[] = graph.nodes.map((n, i) => ({
    id: n.id,
    type: 'studio',
    // Files without positions get a simple left-to-right layout.
    position: n.position ?? { x: 40 + i * 260, y: 80 + (i % 2) * 60 },
    data: { kind: n.kind, version: n.version, label: n.label, params: n.params ?? {} },
  }));
  const edges: StudioEdge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source.node,
    sourceHandle: e.source.port,
    target: e.target.node,
    targetHandle: e.target.port,
  }));
  return { meta: { name: graph.name, description: graph.description ?? '' }, nodes, edges };
}

export function flowToGraph(meta: GraphMeta, nodes: StudioNode[], edges: StudioEdge[]): PipelineGraph {
  return {
    schema: 'studio.pipeline/v1',
    name: meta.name,
    description: meta.description,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      version: n.data.version,
      ...(n.data.label ? { label: n.data.label } : {}),
      params: n.data.params,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: { node: e.source, port: e.sourceHandle ?? '' },
      target: { node: e.target, port: e.targetHandle ?? '' },
    })),
  };
}

/** A fresh id for a node of `kind`: short slug of the kind + the first free counter. */
export function newNodeId(kind: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = (kind.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 48);
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`;
    if (!used.has(id)) return id;
  }
}

/** Edge ids derive from their endpoints so the same connection keeps the same id. */
export function edgeId(source: string, sourcePort: string, target: string, targetPort: string): string {
  return `e-${source}-${sourcePort}-${target}-${targetPort}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}
