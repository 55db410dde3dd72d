import { describe, expect, it } from 'vitest';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { countGraph } from '../../domain/cost/flops';
import { readOnnxGraphLite } from './onnx-graph';

describe('readOnnxGraphLite + countGraph on a model built with onnx-proto', () => {
  it('counts the demo tissue classifier by hand: smooth Conv 3^3, Mul, Concat, 1x1x1 Conv with bias', () => {
    const g = readOnnxGraphLite(buildTissueClassifier());
    expect(g.inputs).toEqual([{ name: 'input', shape: [1, 1, null, null, null] }]);
    expect(g.nodes.map((n) => n.opType)).toEqual(['Conv', 'Mul', 'Concat', 'Conv']);
    const c = countGraph(g, { input: [1, 1, 4, 4, 4] });
    expect(c.outputs.output).toEqual([1, 5, 4, 4, 4]);
    // smooth: 64 outputs x 27 taps x 2; square: 64; concat: 0; bands: 320 outputs x 2 inputs x 2 + 320 bias
    expect(c.ops.map((o) => o.flops)).toEqual([64 * 27 * 2, 64, 0, 320 * 2 * 2 + 320]);
    expect(c.flops).toBe(5120);
  });

  it('refuses bytes that are not ONNX with MODEL_INVALID', () => {
    expect(() => readOnnxGraphLite(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
  });
});
