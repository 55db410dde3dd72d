import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ModelSignatureSchema } from '../../domain/models/signature';
import { corpusPath, needFiles } from '../../test/needs';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { RuntimeError } from './errors';
import { onnx } from './onnx-proto';
import { readModelSignature } from './onnx-signature';

const SHA = 'ab'.repeat(32);
const MODELS = corpusPath('models');
const CORPUS = needFiles(...['brainchop_meshnet_gwm_64cube.onnx', 'niivue_meshnet_gwm_256.onnx', 'brainchop_meshnet_gwm_large_256.onnx', 'mnist_cntk_opset8.onnx', 'ultraface_rfb320.onnx'].map((f) => path.join(MODELS, f)));
const model = (f: string) => readModelSignature(readFileSync(path.join(MODELS, f)), SHA);

describe('readModelSignature (demo model)', () => {
  it('reads inputs, outputs, symbols, opsets and operators', () => {
    const bytes = buildTissueClassifier();
    const sig = readModelSignature(bytes, SHA);
    expect(ModelSignatureSchema.parse(sig)).toEqual(sig);
    expect(sig).toMatchObject({
      sha256: SHA, irVersion: 8, opsets: { 'ai.onnx': 17 }, operators: ['Concat', 'Conv', 'Mul'],
      sizeBytes: bytes.byteLength, producer: 'imaging-pipeline-studio demo-1',
    });
    expect(sig.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [1, 1, null, null, null], symbols: [null, null, 'z', 'y', 'x'] }]);
    expect(sig.outputs).toEqual([{ name: 'output', dtype: 'float32', shape: [1, 5, null, null, null], symbols: [null, null, 'z', 'y', 'x'] }]);
  });

  it('collects operators inside If/Loop subgraphs, names types, and keeps missing dims null', () => {
    const vi = (name: string, elemType: number, dim: object[]) => ({ name, type: { tensorType: { elemType, shape: { dim } } } });
    const branch = (op: string) => ({ name: op, output: [vi('y', 10, [])], node: [{ opType: op, input: [], output: ['y'] }] });
    const bytes = onnx.ModelProto.encode(onnx.ModelProto.fromObject({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
      graph: {
        input: [vi('c', 9, []), vi('ids', 7, [{ dimValue: 4 }, {}])],
        output: [vi('y', 10, [{ dimParam: 'n' }])],
        node: [
          { opType: 'If', input: ['c'], output: ['y'], attribute: [
            { name: 'then_branch', type: 5, g: branch('Relu') },
            { name: 'else_branch', type: 5, g: { ...branch('Loop'), node: [{ opType: 'Loop', attribute: [{ name: 'body', type: 5, g: branch('Sigmoid') }] }] } },
          ] },
          { opType: 'FusedGemm', domain: 'com.microsoft' },
        ],
      },
    })).finish();
    const sig = readModelSignature(bytes, SHA);
    expect(sig.operators).toEqual(['If', 'Loop', 'Relu', 'Sigmoid', 'com.microsoft.FusedGemm']);
    expect(sig.opsets).toEqual({ 'ai.onnx': 17, 'com.microsoft': 1 });
    expect(sig.inputs.map((i) => [i.dtype, i.shape])).toEqual([['bool', []], ['int64', [4, null]]]);
    expect(sig.outputs[0]).toEqual({ name: 'y', dtype: 'float16', shape: [null], symbols: ['n'] });
  });

  it('rejects bytes that are not a model with MODEL_INVALID', () => {
    for (const bad of [new Uint8Array(0), new TextEncoder().encode('hello, not a model'), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])]) {
      const err = (() => { try { readModelSignature(bad, SHA); } catch (e) { return e; } })() as RuntimeError;
      expect(err).toBeInstanceOf(RuntimeError);
      expect(err.code).toBe('MODEL_INVALID');
      expect(err.user).toBe(true);
    }
    const truncated = buildTissueClassifier().subarray(0, 300);
    expect(() => readModelSignature(truncated, SHA)).toThrow(RuntimeError);
  });
});

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
