import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../models/signature';
import { graph } from '../validation/test-graphs';
import { diffModels } from './model-diff';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const sig = (sha256: string, opset: number, outChannels: number): ModelSignature => ({
  sha256,
  inputs: [{ name: 'x', dtype: 'float32', shape: [1, 1, 64, 64, 64] }],
  outputs: [{ name: 'y', dtype: 'float32', shape: [1, outChannels, 64, 64, 64] }],
  irVersion: 8,
  opsets: { '': opset },
  operators: ['Conv'],
  sizeBytes: 100,
});
const registry = new Map([
  [A, { name: 'old', signature: sig(A, 17, 3) }],
  [B, { name: 'new', signature: sig(B, 18, 4) }],
  [C, { name: 'same-sig', signature: sig(C, 17, 3) }],
]);
const lookup = (sha: string) => registry.get(sha);

describe('diffModels', () => {
  const g = (sha: string) => graph([['in', 'input.nifti'], ['m', 'model.onnx', { model: { sha256: sha } }]], []);

  it('is empty when every node keeps its model', () => {
    expect(diffModels(g(A), g(A), lookup)).toEqual([]);
  });

  it('names the node and which facts changed: hash, opset, output signature', () => {
    const [c] = diffModels(g(A), g(B), lookup);
    expect(c).toMatchObject({ nodeId: 'm', param: 'model', changed: ['sha256', 'opset', 'outputs'] });
    expect(c.from).toMatchObject({ sha256: A, name: 'old', opsets: { '': 17 } });
    expect(c.to!.outputs![0].shape).toEqual([1, 4, 64, 64, 64]);
    expect(diffModels(g(A), g(C), lookup)[0].changed).toEqual(['sha256']);
  });

  it('reports models of added/removed nodes and unknown models by hash only', () => {
    const none = graph([['in', 'input.nifti']], []);
    expect(diffModels(none, g(A), lookup)).toEqual([expect.objectContaining({ nodeId: 'm', from: null, to: expect.objectContaining({ sha256: A }), changed: [] })]);
    const unknown = 'd'.repeat(64);
    expect(diffModels(g(A), g(unknown), lookup)[0]).toMatchObject({ to: { sha256: unknown, name: null, opsets: null }, changed: ['sha256'] });
  });
});
