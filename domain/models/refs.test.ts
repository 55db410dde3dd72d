import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../graph/schema';
import { resolveModelFiles } from './refs';

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
