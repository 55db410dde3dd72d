import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, needFiles } from '../../test/needs';
import { readModelSignature } from './onnx-signature';

const SHA = 'ab'.repeat(32);
const MODELS = corpusPath('models');
const CORPUS = needFiles(...['brainchop_meshnet_gwm_64cube.onnx', 'niivue_meshnet_gwm_256.onnx', 'brainchop_meshnet_gwm_large_256.onnx', 'mnist_cntk_opset8.onnx', 'ultraface_rfb320.onnx'].map((f) => path.join(MODELS, f)));
const model = (f: string) => readModelSignature(readFileSync(path.join(MODELS, f)), SHA);

describe.skipIf(!CORPUS.ok)(CORPUS.title('readModelSignature (corpus models)'), () => {
  it('brainchop 64: input [batch,1,64,64,64], 3 classes out', () => {
    const sig = model('brainchop_meshnet_gwm_64cube.onnx');
    expect(sig.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [null, 1, 64, 64, 64], symbols: ['batch_size', null, null, null, null] }]);
    expect(sig.outputs[0]).toMatchObject({ name: 'output', shape: [null, 3, 64, 64, 64] });
    expect(sig.operators).toEqual(['Conv', 'Relu']);
  });

  it('niivue 256 and brainchop large 256: fixed 256^3 spatial dims', () => {
    for (const f of ['niivue_meshnet_gwm_256.onnx', 'brainchop_meshnet_gwm_large_256.onnx']) {
      const sig = model(f);
      expect(sig.inputs[0].shape).toEqual([null, 1, 256, 256, 256]);
      expect(sig.outputs[0].shape).toEqual([null, 3, 256, 256, 256]);
    }
    expect(model('niivue_meshnet_gwm_256.onnx').opsets).toEqual({ 'ai.onnx': 14 });
  });

  it('mnist (IR 3, opset 8): initializers listed as graph inputs are not inputs', () => {
    const sig = model('mnist_cntk_opset8.onnx');
    expect(sig.irVersion).toBe(3);
    expect(sig.opsets).toEqual({ 'ai.onnx': 8 });
    expect(sig.inputs).toEqual([{ name: 'Input3', dtype: 'float32', shape: [1, 1, 28, 28] }]);
    expect(sig.outputs).toEqual([{ name: 'Plus214_Output_0', dtype: 'float32', shape: [1, 10] }]);
  });

  it('ultraface: two outputs', () => {
    const sig = model('ultraface_rfb320.onnx');
    expect(sig.inputs[0].shape).toEqual([1, 3, 240, 320]);
    expect(sig.outputs.map((o) => [o.name, o.shape])).toEqual([['scores', [1, 4420, 2]], ['boxes', [1, 4420, 4]]]);
  });
});

const ATLAS = needFiles(path.join(MODELS, 'brainchop_subcortical_gwm_18cls.onnx'));
describe.skipIf(!ATLAS.ok)(ATLAS.title('model contracts from metadata_props (corpus models)'), () => {
  it('the 18-structure atlas carries its label names and colours, axis order and FreeSurfer conform (LIA, 256^3, 1 mm)', () => {
    const { contract } = model('brainchop_subcortical_gwm_18cls.onnx');
    expect(contract).toMatchObject({ orientation: 'LIA', shape: [256, 256, 256], spacingMm: 1, inputAxes: expect.stringContaining('reversed') });
    expect(contract?.labels).toHaveLength(18);
    expect(contract?.labels?.find((l) => l.name === 'Left-Hippocampus' || l.name.includes('Hippocampus'))).toBeDefined();
    expect(model('niivue_meshnet_gwm_256.onnx').contract).toBeUndefined(); // no metadata
  });
});
