// Tiny ONNX graphs for the optimiser's tests (not imported by production code), written with
// onnx-proto the way demo/tissue-classifier.ts builds the demo model.
import type { onnx as OnnxT } from 'onnx-proto';
import { mulberry32 } from '../../demo/prng';
import { onnx } from '../core/onnx-proto';
import { DT, rawTensor } from './graph';

const ints = (name: string, values: number[]): OnnxT.IAttributeProto => ({ name, type: 7, ints: values });
const valueInfo = (name: string, dims: (number | string)[]): OnnxT.IValueInfoProto => ({
  name, type: { tensorType: { elemType: DT.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

export const TINY = { inChannels: 4, hidden: 6, classes: 3, edge: 8 };

/**
 * input [1,4,z,y,x] -> Conv 3^3 (6 filters) -> Relu -> Conv 3^3 dilation 2 (6) -> Relu
 * -> Conv 1^3 (3 classes) -> output. Seeded weights; opset `opset` (9 like brainchop's MeshNet).
 */
export function buildTinyMeshNet(opts: { opset?: number; seed?: number; extraOp?: string } = {}): Uint8Array {
  const rnd = mulberry32(opts.seed ?? 7);
  const w = (n: number, scale: number) => Array.from({ length: n }, () => (rnd() * 2 - 1) * scale);
  const { inChannels: c, hidden: h, classes: k } = TINY;
  const conv = (name: string, x: string, y: string, kernel: number, dilation: number): OnnxT.INodeProto => ({
    name, opType: 'Conv', input: [x, `${name}.w`, `${name}.b`], output: [y],
    attribute: [ints('kernel_shape', [kernel, kernel, kernel]), ints('dilations', [dilation, dilation, dilation]), ints('pads', new Array(6).fill(dilation * (kernel >> 1)))],
  });
  const nodes: OnnxT.INodeProto[] = [
    conv('c0', 'input', 'h0', 3, 1), { name: 'r0', opType: 'Relu', input: ['h0'], output: ['a0'] },
    conv('c1', 'a0', 'h1', 3, 2), { name: 'r1', opType: 'Relu', input: ['h1'], output: ['a1'] },
    conv('c2', 'a1', opts.extraOp ? 'logits' : 'output', 1, 1),
  ];
  if (opts.extraOp) nodes.push({ name: 'extra', opType: opts.extraOp, input: ['logits'], output: ['output'] });
  const graph: OnnxT.IGraphProto = {
    name: 'tiny_meshnet',
    input: [valueInfo('input', [1, c, 'z', 'y', 'x'])],
    output: [valueInfo('output', [1, k, 'z', 'y', 'x'])],
    initializer: [
      rawTensor('c0.w', DT.FLOAT, [h, c, 3, 3, 3], w(h * c * 27, 0.4)), rawTensor('c0.b', DT.FLOAT, [h], w(h, 0.1)),
      rawTensor('c1.w', DT.FLOAT, [h, h, 3, 3, 3], w(h * h * 27, 0.2)), rawTensor('c1.b', DT.FLOAT, [h], w(h, 0.1)),
      rawTensor('c2.w', DT.FLOAT, [k, h, 1, 1, 1], w(k * h, 1)), rawTensor('c2.b', DT.FLOAT, [k], w(k, 0.1)),
    ],
    node: nodes,
  };
  const model: OnnxT.IModelProto = { irVersion: 4, opsetImport: [{ domain: '', version: opts.opset ?? 9 }], producerName: 'optimise-test', graph };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

/** A seeded [1, 4, e, e, e] input in [0, 1). */
export function tinyInput(seed = 3) {
  const e = TINY.edge;
  const rnd = mulberry32(seed);
  return { dims: [1, TINY.inChannels, e, e, e], data: Float32Array.from({ length: TINY.inChannels * e ** 3 }, () => rnd()) };
}

/** input [n, 8] -> MatMul [8, 16] -> Relu -> MatMul [16, 4] -> output (opset 13). */
export function buildTinyMlp(seed = 5): Uint8Array {
  const rnd = mulberry32(seed);
  const w = (n: number) => Array.from({ length: n }, () => rnd() * 2 - 1);
  const graph: OnnxT.IGraphProto = {
    name: 'tiny_mlp',
    input: [valueInfo('input', ['n', 8])],
    output: [valueInfo('output', ['n', 4])],
    initializer: [rawTensor('w0', DT.FLOAT, [8, 16], w(128)), rawTensor('w1', DT.FLOAT, [16, 4], w(64))],
    node: [
      { name: 'm0', opType: 'MatMul', input: ['input', 'w0'], output: ['h'] },
      { name: 'r0', opType: 'Relu', input: ['h'], output: ['a'] },
      { name: 'm1', opType: 'MatMul', input: ['a', 'w1'], output: ['output'] },
    ],
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], graph })).finish();
}
