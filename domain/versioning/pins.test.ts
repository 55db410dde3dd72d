import { describe, expect, it } from 'vitest';
import { graph } from '../validation/test-graphs';
import { diffPins, graphPins, isPinsDiffEmpty } from './pins';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('version pins', () => {
  const g = graph([['in', 'input.nifti'], ['m', 'model.onnx', { model: { sha256: B } }], ['m2', 'model.onnx', { model: { sha256: A } }, 2], ['f', 'model.onnx', { model: { file: 'x.onnx' } }]], []);

  it('lists distinct kind@versions and sha256 model refs, sorted; file refs are not pins', () => {
    expect(graphPins(g, { 'onnxruntime-web': '1.30.0', 'onnxruntime-node': '1.30.0' })).toEqual({
      nodes: ['input.nifti@1', 'model.onnx@1', 'model.onnx@2'],
      models: [A, B],
      runtimes: { 'onnxruntime-node': '1.30.0', 'onnxruntime-web': '1.30.0' },
    });
  });

  it('diffs nodes, models and runtime versions; null pins count as empty', () => {
    const a = graphPins(g, { 'onnxruntime-node': '1.29.0', studio: '0.1.0' });
    const b = { ...graphPins(g, { 'onnxruntime-node': '1.30.0', 'onnxruntime-web': '1.30.0', studio: '0.1.0' }), models: [A], nodes: ['input.nifti@1', 'model.onnx@3'] };
    expect(diffPins(a, b)).toEqual({
      nodes: { added: ['model.onnx@3'], removed: ['model.onnx@1', 'model.onnx@2'] },
      models: { added: [], removed: [B] },
      runtimes: [
        { name: 'onnxruntime-node', from: '1.29.0', to: '1.30.0' },
        { name: 'onnxruntime-web', from: null, to: '1.30.0' },
      ],
    });
    expect(isPinsDiffEmpty(diffPins(a, a))).toBe(true);
    expect(diffPins(null, a).nodes.added).toEqual(a.nodes);
  });
});
