import { describe, expect, it } from 'vitest';
import { countGraph, windowOutput } from './flops';
import type { OnnxGraphLite, OnnxOp } from './onnx-graph';

const op = (opType: string, inputs: string[], outputs: string[], attrs: OnnxOp['attrs'] = {}): OnnxOp => ({ opType, inputs, outputs, attrs });
const graph = (inputs: [string, number[]][], inits: Record<string, number[] | { dims: number[]; ints: number[] }>, nodes: OnnxOp[], outputs: string[]): OnnxGraphLite => ({
  inputs: inputs.map(([name, shape]) => ({ name, shape })),
  outputs,
  initializers: Object.fromEntries(
    Object.entries(inits).map(([k, v]) => [k, Array.isArray(v) ? { dims: v, elementBytes: 4 } : { dims: v.dims, ints: v.ints, elementBytes: 8 }]),
  ),
  nodes,
});

describe('windowOutput (ONNX Conv/pool output size)', () => {
  it('applies pads, dilation, stride and auto_pad', () => {
    expect(windowOutput(8, 3, { stride: 1, dilation: 1, padBegin: 1, padEnd: 1, autoPad: 'NOTSET' })).toBe(8);
    expect(windowOutput(10, 3, { stride: 1, dilation: 2, padBegin: 0, padEnd: 0, autoPad: 'NOTSET' })).toBe(6);
    expect(windowOutput(9, 3, { stride: 2, dilation: 1, padBegin: 1, padEnd: 1, autoPad: 'NOTSET' })).toBe(5);
    expect(windowOutput(9, 3, { stride: 2, dilation: 1, padBegin: 9, padEnd: 9, autoPad: 'VALID' })).toBe(4);
    expect(windowOutput(9, 3, { stride: 2, dilation: 1, padBegin: 0, padEnd: 0, autoPad: 'SAME_UPPER' })).toBe(5);
    expect(windowOutput(5, 2, { stride: 2, dilation: 1, padBegin: 0, padEnd: 0, autoPad: 'NOTSET', ceil: true })).toBe(3);
  });
});

describe('countGraph', () => {
  it('Conv 2-D with bias and pads: 2*Cin*k per output + bias, bytes in+weights+out', () => {
    const g = graph([['x', [1, 3, 8, 8]]], { w: [4, 3, 3, 3], b: [4] }, [op('Conv', ['x', 'w', 'b'], ['y'], { pads: [1, 1, 1, 1] })], ['y']);
    const c = countGraph(g, {});
    expect(c.outputs.y).toEqual([1, 4, 8, 8]);
    expect(c.flops).toBe(2 * 256 * 3 * 9 + 256);
    expect(c.bytes).toBe((192 + 108 + 4 + 256) * 4);
    expect(c.approximate).toEqual([]);
  });

  it('Conv 3-D dilated without bias, and a symbolic batch filled by the caller', () => {
    const g = graph([['x', [1, 1, 10, 10, 10]]], { w: [2, 1, 3, 3, 3] }, [op('Conv', ['x', 'w'], ['y'], { dilations: [2, 2, 2] })], ['y']);
    const c = countGraph(g, { x: [1, 1, 10, 10, 10] });
    expect(c.outputs.y).toEqual([1, 2, 6, 6, 6]);
    expect(c.flops).toBe(2 * 432 * 27);
  });

  it('grouped strided Conv counts Cin/group per output', () => {
    const g = graph([['x', [1, 4, 9, 9]]], { w: [4, 2, 3, 3] }, [op('Conv', ['x', 'w'], ['y'], { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] })], ['y']);
    const c = countGraph(g, {});
    expect(c.outputs.y).toEqual([1, 4, 5, 5]);
    expect(c.flops).toBe(2 * 100 * 2 * 9);
  });

  it('ConvTranspose: output size and per-input scatter FLOPs', () => {
    const g = graph([['x', [1, 2, 4, 4]]], { w: [2, 3, 2, 2] }, [op('ConvTranspose', ['x', 'w'], ['y'], { strides: [2, 2] })], ['y']);
    const c = countGraph(g, {});
    expect(c.outputs.y).toEqual([1, 3, 8, 8]);
    expect(c.flops).toBe(2 * 32 * 3 * 4);
  });

  it('MatMul with batch broadcast, Gemm with transB and C', () => {
    const m = countGraph(graph([['a', [2, 3, 4]]], { b: [4, 5] }, [op('MatMul', ['a', 'b'], ['y'])], ['y']), {});
    expect(m.outputs.y).toEqual([2, 3, 5]);
    expect(m.flops).toBe(2 * 2 * 3 * 4 * 5);
    const g = countGraph(graph([['a', [2, 3]]], { b: [5, 3], c: [5] }, [op('Gemm', ['a', 'b', 'c'], ['y'], { transB: 1 })], ['y']), {});
    expect(g.outputs.y).toEqual([2, 5]);
    expect(g.flops).toBe(2 * 2 * 3 * 5 + 10);
  });

  it('pooling, BatchNorm, Relu, Reshape from a constant shape, Flatten + Gemm', () => {
    const g = graph(
      [['x', [1, 2, 4, 4]]],
      { s: [2], sc: [2], bi: [2], me: [2], va: [2], shape: { dims: [2], ints: [1, -1] }, w: [3, 8], b2: [3] },
      [
        op('BatchNormalization', ['x', 'sc', 'bi', 'me', 'va'], ['bn']),
        op('Relu', ['bn'], ['r']),
        op('MaxPool', ['r'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
        op('Reshape', ['p', 'shape'], ['f']),
        op('Gemm', ['f', 'w', 'b2'], ['y'], { transB: 1 }),
      ],
      ['y'],
    );
    const c = countGraph(g, {});
    expect(c.ops.map((o) => o.output)).toEqual([[1, 2, 4, 4], [1, 2, 4, 4], [1, 2, 2, 2], [1, 8], [1, 3]]);
    expect(c.ops.map((o) => o.flops)).toEqual([64, 32, 8 * 4, 0, 2 * 8 * 3 + 3]);
    expect(c.heavyFlops).toBe(2 * 8 * 3 + 3);
    expect(c.lightBytes).toBe(c.bytes - c.ops[4].bytes);
  });

  it('flags ops it cannot infer and passes the first input shape through', () => {
    const c = countGraph(graph([['x', [1, 2, 3]]], {}, [op('FancyCustomOp', ['x'], ['y'])], ['y']), {});
    expect(c.approximate).toEqual(['FancyCustomOp']);
    expect(c.outputs.y).toEqual([1, 2, 3]);
  });
});
