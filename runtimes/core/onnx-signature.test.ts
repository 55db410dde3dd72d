import { describe, it, expect } from 'vitest';
import { ModelSignatureSchema } from '../../domain/models/signature';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { RuntimeError } from './errors';
import { onnx } from './onnx-proto';
import { readModelSignature } from './onnx-signature';

const SHA = 'ab'.repeat(32);

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
