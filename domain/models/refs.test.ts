import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../graph/schema';
import { modelRefs, resolveModelFiles } from './refs';

const sha = 'a'.repeat(64);
const graph: PipelineGraph = {
  schema: 'studio.pipeline/v1',
  name: 'g',
  description: '',
  nodes: [
    { id: 'in', kind: 'input.nifti', version: 1, params: {} },
    { id: 'm1', kind: 'model.onnx', version: 1, params: { model: { file: 'net.onnx' }, batchSize: 1 } },
    { id: 'm2', kind: 'model.onnx', version: 1, params: { model: { file: 'other.onnx' } } },
    { id: 'm3', kind: 'model.onnx', version: 1, params: { model: { sha256: sha } } },
  ],
  edges: [],
};

describe('resolveModelFiles', () => {
  it('pins known file names to sha256 and lists the unknown ones without touching them', () => {
    const { graph: out, missing } = resolveModelFiles(graph, (f) => (f === 'net.onnx' ? sha : undefined));
    expect(out.nodes[1].params).toEqual({ model: { sha256: sha }, batchSize: 1 });
    expect(out.nodes[2].params).toEqual({ model: { file: 'other.onnx' } });
    expect(out.nodes[3]).toBe(graph.nodes[3]);
    expect(missing).toEqual(['other.onnx']);
    expect(graph.nodes[1].params.model).toEqual({ file: 'net.onnx' }); // input not mutated
  });
});

describe('modelRefs', () => {
  it('lists the params each spec declares as model refs, in node order', () => {
    expect(modelRefs(graph)).toEqual([
      { nodeId: 'm1', param: 'model', ref: { file: 'net.onnx' } },
      { nodeId: 'm2', param: 'model', ref: { file: 'other.onnx' } },
      { nodeId: 'm3', param: 'model', ref: { sha256: sha } },
    ]);
  });

  it('ignores ref-shaped values in params no spec declares, and kinds the catalogue lacks', () => {
    const odd: PipelineGraph = {
      ...graph,
      nodes: [
        { id: 'n', kind: 'pre.normalize', version: 1, params: { model: { sha256: sha } } },
        { id: 'x', kind: 'mystery.kind', version: 1, params: { model: { sha256: sha } } },
        { id: 'm', kind: 'model.onnx', version: 1, params: { model: { file: 'dir/net.onnx' } } },
      ],
    };
    expect(modelRefs(odd)).toEqual([]);
  });
});
