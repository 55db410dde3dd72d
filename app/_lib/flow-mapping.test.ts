import { describe, expect, it } from 'vitest';
import { PipelineGraphSchema, type PipelineGraph } from '../../domain/graph/schema';
import { edgeId, flowToGraph, graphToFlow, newNodeId } from './flow-mapping';

const graph: PipelineGraph = {
  schema: 'studio.pipeline/v1',
  name: 'Demo',
  description: 'two nodes',
  nodes: [
    { id: 'in', kind: 'input.nifti', version: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'norm', kind: 'pre.normalize', version: 1, label: 'Normalise', params: { method: 'z-score' }, position: { x: 250, y: 10 } },
  ],
  edges: [{ id: 'e1', source: { node: 'in', port: 'volume' }, target: { node: 'norm', port: 'volume' } }],
};

describe('flow mapping', () => {
  it('round-trips a graph with stable ids and port handles', () => {
    const { meta, nodes, edges } = graphToFlow(graph);
    expect(edges[0]).toMatchObject({ id: 'e1', sourceHandle: 'volume', targetHandle: 'volume' });
    const back = flowToGraph(meta, nodes, edges);
    expect(back).toEqual(graph);
    expect(PipelineGraphSchema.safeParse(back).success).toBe(true);
  });

  it('lays out nodes without positions', () => {
    const { nodes } = graphToFlow({ ...graph, nodes: graph.nodes.map(({ position: _p, ...n }) => n) });
    expect(nodes[1]!.position.x).toBeGreaterThan(nodes[0]!.position.x);
  });

  it('makes valid, unused ids', () => {
    expect(newNodeId('pre.normalize', ['normalize-1'])).toBe('normalize-2');
    const id = edgeId('a'.repeat(40), 'volume', 'b'.repeat(40), 'volume');
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
