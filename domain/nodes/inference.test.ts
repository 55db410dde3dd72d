import { describe, expect, it } from 'vitest';
import { fakeModels, noModels } from '../validation/test-graphs';
import { findSpec } from './catalogue';

/** Calls a spec's inferOutputs with parsed params, as the validator does. */
function outputs(kind: string, params: Record<string, unknown>, inputs: Record<string, unknown>, models = noModels) {
  const spec = findSpec(kind, 1);
  return spec.inferOutputs!({ params: spec.params.parse(params), inputs: inputs as never, models });
}

describe('static shape inference', () => {
  it('normalize keeps the shape and makes float32', () => {
    expect(outputs('pre.normalize', {}, { volume: { kind: 'volume', dtype: 'uint8', shape: [10, 20, 30] } })).toEqual({
      volume: { kind: 'volume', dtype: 'float32', shape: [10, 20, 30] },
    });
  });

  it('crop-pad output shape is its size, dtype kept', () => {
    expect(outputs('pre.crop-pad', { size: [64, 32, 16] }, { volume: { kind: 'volume', dtype: 'int16' } })).toEqual({
      volume: { kind: 'volume', dtype: 'int16', shape: [64, 32, 16] },
    });
  });

  it('tile gives [?,1,s,s,s]', () => {
    expect(outputs('pre.tile', { size: 48, overlap: 8 }, {})).toEqual({
      tiles: { kind: 'tensor', dtype: 'float32', shape: [null, 1, 48, 48, 48] },
    });
  });

  it('model output follows the model file, binding shared symbolic dims to the fed shape', () => {
    const demo = { model: { file: 'demo-tissue-classifier.onnx' } };
    const fed = { input: { kind: 'volume', dtype: 'float32', shape: [40, 50, 60] } };
    expect(outputs('model.onnx', demo, fed, fakeModels)).toEqual({ output: { kind: 'tensor', dtype: 'float32', shape: [1, 5, 60, 50, 40] } });
    const chop = { model: { file: 'brainchop_meshnet_gwm_64cube.onnx' } };
    expect(outputs('model.onnx', chop, {}, fakeModels).output).toMatchObject({ shape: [null, 3, 64, 64, 64] });
    expect(outputs('model.onnx', chop, {}, noModels)).toEqual({});
    const spec = findSpec('model.onnx', 1);
    expect(spec.inferInputs!({ params: spec.params.parse(chop), models: fakeModels })).toEqual({
      input: { kind: 'tensor', dtype: 'float32', shape: [null, 1, 64, 64, 64] },
    });
  });

  it('untile keeps channels; argmax and threshold give [x,y,z] label maps', () => {
    expect(outputs('post.untile', {}, { tiles: { kind: 'tensor', shape: [null, 3, 64, 64, 64] } })).toEqual({
      tensor: { kind: 'tensor', dtype: 'float32', shape: [1, 3, null, null, null] },
    });
    const scores = { tensor: { kind: 'tensor', shape: [1, 3, 30, 20, 10] } };
    expect(outputs('post.argmax', {}, scores)).toEqual({ labels: { kind: 'label-map', shape: [10, 20, 30] } });
    expect(outputs('post.threshold', {}, scores)).toEqual({ labels: { kind: 'label-map', shape: [10, 20, 30] } });
    expect(outputs('post.argmax', {}, {})).toEqual({ labels: { kind: 'label-map', shape: [null, null, null] } });
  });
});
