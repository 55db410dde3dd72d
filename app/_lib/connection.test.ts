import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../../domain/graph/schema';
import { checkConnection, modelLookupFrom } from './connection';

const graph: PipelineGraph = {
  schema: 'studio.pipeline/v1',
  name: 'T',
  description: '',
  nodes: [
    { id: 'in', kind: 'input.nifti', version: 1, params: {} },
    { id: 'norm', kind: 'pre.normalize', version: 1, params: {} },
    { id: 'vols', kind: 'post.label-volumes', version: 1, params: {} },
  ],
  edges: [],
};
const none = modelLookupFrom([]);

describe('checkConnection (domain connectionCheck on the canvas)', () => {
  it('accepts compatible ports', () => {
    expect(checkConnection(graph, { source: 'in', sourceHandle: 'volume', target: 'norm', targetHandle: 'volume' }, none)).toEqual({ ok: true });
  });
  it('refuses incompatible ports with a reason', () => {
    const r = checkConnection(graph, { source: 'in', sourceHandle: 'volume', target: 'vols', targetHandle: 'labels' }, none);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/label-map/);
  });
  it('refuses a second source on one input and self loops', () => {
    const fed = { ...graph, edges: [{ id: 'e', source: { node: 'in', port: 'volume' }, target: { node: 'norm', port: 'volume' } }] };
    expect(checkConnection(fed, { source: 'in', sourceHandle: 'volume', target: 'norm', targetHandle: 'volume' }, none).ok).toBe(false);
    expect(checkConnection(graph, { source: 'norm', sourceHandle: 'volume', target: 'norm', targetHandle: 'volume' }, none).ok).toBe(false);
  });
});
