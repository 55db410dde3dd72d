import { describe, expect, it } from 'vitest';
import { graph } from '../validation/test-graphs';
import { diffGraphs } from './diff';

describe('diffGraphs', () => {
  const a = graph(
    [['in', 'input.nifti'], ['n', 'pre.normalize', { method: 'min-max', windowWidth: 400 }], ['old', 'pre.tile']],
    ['in.volume>n.volume', 'n.volume>old.volume'],
  );

  it('is empty for equal graphs, ignoring layout and edge ids', () => {
    const b = structuredClone(a);
    b.nodes[0].position = { x: 1, y: 2 };
    b.edges[0].id = 'renamed';
    expect(diffGraphs(a, b)).toEqual({ nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] } });
  });

  it('lists added/removed nodes and edges and changed params per key', () => {
    const b = graph(
      [['in', 'input.nifti'], ['n', 'pre.normalize', { method: 'z-score', nonzeroOnly: true, windowWidth: 400 }, 2], ['crop', 'pre.crop-pad']],
      ['in.volume>n.volume', 'n.volume>crop.volume'],
    );
    expect(diffGraphs(a, b)).toEqual({
      nodes: {
        added: ['crop'],
        removed: ['old'],
        changed: [
          {
            id: 'n',
            version: { from: 1, to: 2 },
            params: [
              { path: 'method', from: 'min-max', to: 'z-score' },
              { path: 'nonzeroOnly', from: undefined, to: true },
            ],
          },
        ],
      },
      edges: { added: ['n.volume->crop.volume'], removed: ['n.volume->old.volume'] },
    });
  });

  it('reports nested param paths, arrays whole, kind and label changes', () => {
    const x = graph([['m', 'model.onnx', { model: { sha256: 'a'.repeat(64) }, window: { width: 400, level: 40 }, axes: [0, 1] }]], []);
    const y = graph([['m', 'model.onnx', { model: { sha256: 'b'.repeat(64) }, window: { width: 400, level: 50 }, axes: [1, 0] }]], []);
    y.nodes[0].label = 'Segmenter';
    y.nodes[0].kind = 'model.onnx2';
    expect(diffGraphs(x, y).nodes.changed).toEqual([
      {
        id: 'm',
        kind: { from: 'model.onnx', to: 'model.onnx2' },
        label: { from: undefined, to: 'Segmenter' },
        params: [
          { path: 'axes', from: [0, 1], to: [1, 0] },
          { path: 'model.sha256', from: 'a'.repeat(64), to: 'b'.repeat(64) },
          { path: 'window.level', from: 40, to: 50 },
        ],
      },
    ]);
  });
});
