import type { Attr, OnnxGraphLite, OnnxOp } from './onnx-graph';

/**
 * FLOPs and bytes moved of an ONNX graph for known input shapes. Conventions: a multiply-add
 * is 2 FLOPs (so Conv = 2 * N * Cout * outSpatial * Cin/group * kernel, + 1 per output for the
 * bias); elementwise ops 1 per output element (transcendental activations a few); data
 * movement ops (Reshape, Transpose, Concat...) 0 FLOPs. Bytes moved per op = bytes of its
 * inputs (activations and weights) + outputs, float32 unless an initializer says otherwise.
 * An op whose output shape cannot be inferred takes its first input's shape and the result
 * is flagged `approximate` (with the op types concerned).
 */
export type Shape = number[];

export interface OpCost {
  opType: string;
  output: Shape;
  flops: number;
  bytes: number;
}

export interface GraphCost {
  flops: number;
  bytes: number;
  /** FLOPs of the compute-bound ops (Conv, ConvTranspose, MatMul, Gemm) and bytes of all the others. */
  heavyFlops: number;
  lightBytes: number;
  /** Largest single activation (bytes): a floor for the memory an inference holds. */
  peakActivationBytes: number;
  outputs: Record<string, Shape>;
  ops: OpCost[];
  approximate: string[];
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const ints = (a: Attr | undefined): number[] | undefined => (Array.isArray(a) ? a : undefined);
const int = (a: Attr | undefined, d: number): number => (typeof a === 'number' ? a : d);
const str = (a: Attr | undefined, d: string): string => (typeof a === 'string' ? a : d);

/** Per output element. */
const ELEMENTWISE: Record<string, number> = {
  Add: 1, Sub: 1, Mul: 1, Div: 1, Relu: 1, LeakyRelu: 2, PRelu: 2, Clip: 2, Max: 1, Min: 1, Abs: 1, Neg: 1,
  Sqrt: 1, Pow: 1, Exp: 4, Log: 4, Sigmoid: 4, HardSigmoid: 3, Tanh: 4, Elu: 4, Selu: 4, Erf: 4, Gelu: 8,
  Softplus: 4, Mish: 8, HardSwish: 4, Where: 1, Equal: 1, Greater: 1, Less: 1, Not: 1, And: 1, Or: 1,
  Cast: 0, Identity: 0, Dropout: 0, BatchNormalization: 2, InstanceNormalization: 5, LayerNormalization: 5,
  Softmax: 5, LogSoftmax: 6, QuantizeLinear: 2, DequantizeLinear: 2,
};
/** Compute-bound ops: priced by FLOP (their memory traffic is part of the measured FLOP rate). */
export const HEAVY = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm']);
const MOVE = new Set(['Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Concat', 'Slice', 'Pad', 'Gather', 'Split', 'Shape', 'Expand', 'Tile', 'Constant']);

export function broadcast(a: Shape, b: Shape): Shape {
  const n = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Spatial output size of a sliding window (Conv, pooling); ONNX formula incl. auto_pad. */
export function windowOutput(
  input: number,
  kernel: number,
  o: { stride: number; dilation: number; padBegin: number; padEnd: number; autoPad: string; ceil?: boolean },
): number {
  if (o.autoPad === 'SAME_UPPER' || o.autoPad === 'SAME_LOWER') return Math.ceil(input / o.stride);
  const pads = o.autoPad === 'VALID' ? 0 : o.padBegin + o.padEnd;
  const span = input + pads - o.dilation * (kernel - 1) - 1;
  return (o.ceil ? Math.ceil(span / o.stride) : Math.floor(span / o.stride)) + 1;
}

function windowShape(op: OnnxOp, x: Shape, kernel: number[]): number[] {
  const k = kernel.length;
  const strides = ints(op.attrs.strides) ?? new Array(k).fill(1);
  const dil = ints(op.attrs.dilations) ?? new Array(k).fill(1);
  const pads = ints(op.attrs.pads) ?? new Array(2 * k).fill(0);
  const autoPad = str(op.attrs.auto_pad, 'NOTSET');
  const ceil = int(op.attrs.ceil_mode, 0) === 1;
  return kernel.map((kk, i) =>
    windowOutput(x[2 + i], kk, { stride: strides[i], dilation: dil[i], padBegin: pads[i], padEnd: pads[i + k], autoPad, ceil }),
  );
}

type Infer = (op: OnnxOp, ins: (Shape | undefined)[], init: (name: string) => number[] | undefined) => { out: Shape[]; flops: number } | undefined;

const INFER: Record<string, Infer> = {
  Conv(op, [x, w]) {
    if (!x || !w) return undefined;
    const kernel = ints(op.attrs.kernel_shape) ?? w.slice(2);
    const group = int(op.attrs.group, 1);
    const out = [x[0], w[0], ...windowShape(op, x, kernel)];
    const bias = op.inputs[2] ? prod(out) : 0;
    return { out: [out], flops: 2 * prod(out) * (x[1] / group) * prod(kernel) + bias };
  },
  ConvTranspose(op, [x, w]) {
    if (!x || !w) return undefined;
    const kernel = ints(op.attrs.kernel_shape) ?? w.slice(2);
    const k = kernel.length;
    const group = int(op.attrs.group, 1);
    const strides = ints(op.attrs.strides) ?? new Array(k).fill(1);
    const dil = ints(op.attrs.dilations) ?? new Array(k).fill(1);
    const pads = ints(op.attrs.pads) ?? new Array(2 * k).fill(0);
    const outPad = ints(op.attrs.output_padding) ?? new Array(k).fill(0);
    const explicit = ints(op.attrs.output_shape);
    const spatial = explicit ?? kernel.map((kk, i) => strides[i] * (x[2 + i] - 1) + outPad[i] + (kk - 1) * dil[i] + 1 - pads[i] - pads[i + k]);
    const cout = w[1] * group;
    const out = [x[0], cout, ...spatial];
    // every input element scatters into Cout/group * kernel outputs
    return { out: [out], flops: 2 * prod(x) * (cout / group) * prod(kernel) + (op.inputs[2] ? prod(out) : 0) };
  },
  MatMul(_op, [a, b]) {
    if (!a || !b) return undefined;
    const a2 = a.length === 1 ? [1, a[0]] : a;
    const b2 = b.length === 1 ? [b[0], 1] : b;
    const [m, k] = a2.slice(-2);
    const n = b2[b2.length - 1];
    const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
    const out = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
    return { out: [out], flops: 2 * prod(batch) * m * k * n };
  },
  Gemm(op, [a, b]) {
    if (!a || !b) return undefined;
    const [m, k] = int(op.attrs.transA, 0) ? [a[1], a[0]] : [a[0], a[1]];
    const n = int(op.attrs.transB, 0) ? b[0] : b[1];
    return { out: [[m, n]], flops: 2 * m * k * n + (op.inputs[2] ? m * n : 0) };
  },
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: (_op, [x]) => (x ? { out: [[x[0], x[1], ...x.slice(2).map(() => 1)]], flops: prod(x) } : undefined),
  GlobalMaxPool: (_op, [x]) => (x ? { out: [[x[0], x[1], ...x.slice(2).map(() => 1)]], flops: prod(x) } : undefined),
  Concat(op, ins) {
    if (ins.some((s) => !s) || !ins.length) return undefined;
    const shapes = ins as Shape[];
    const axis = norm(int(op.attrs.axis, 0), shapes[0].length);
    const out = [...shapes[0]];
    out[axis] = shapes.reduce((a, s) => a + s[axis], 0);
    return { out: [out], flops: 0 };
  },
  Reshape(_op, [x], init) {
    const target = init(_op.inputs[1]);
    if (!x || !target) return undefined;
    const out = target.map((d, i) => (d === 0 ? x[i] : d));
    const known = prod(out.filter((d) => d !== -1));
    return { out: [out.map((d) => (d === -1 ? prod(x) / known : d))], flops: 0 };
  },
  Flatten(op, [x]) {
    if (!x) return undefined;
    const axis = norm(int(op.attrs.axis, 1), x.length);
    return { out: [[prod(x.slice(0, axis)), prod(x.slice(axis))]], flops: 0 };
  },
  Transpose(op, [x]) {
    if (!x) return undefined;
    const perm = ints(op.attrs.perm) ?? x.map((_, i) => x.length - 1 - i);
    return { out: [perm.map((p) => x[p])], flops: 0 };
  },
  ArgMax: reduce(1),
  ArgMin: reduce(1),
  ReduceMean: reduce(1),
  ReduceSum: reduce(1),
  ReduceMax: reduce(1),
};

function norm(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function pool(op: OnnxOp, [x]: (Shape | undefined)[]) {
  const kernel = ints(op.attrs.kernel_shape);
  if (!x || !kernel) return undefined;
  const out = [x[0], x[1], ...windowShape(op, x, kernel)];
  return { out: [out], flops: prod(out) * prod(kernel) };
}

function reduce(perElement: number): Infer {
  return (op, [x], init) => {
    if (!x) return undefined;
    const keep = int(op.attrs.keepdims, 1) === 1;
    const axes = (ints(op.attrs.axes) ?? init(op.inputs[1]) ?? (typeof op.attrs.axis === 'number' ? [op.attrs.axis] : x.map((_, i) => i))).map((a) =>
      norm(a, x.length),
    );
    const out = keep ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_, i) => !axes.includes(i));
    return { out: [out], flops: perElement * prod(x) };
  };
}

/** Counts FLOPs and bytes of `graph` fed with `inputShapes` (by input name; unknown dims must be filled). */
export function countGraph(graph: OnnxGraphLite, inputShapes: Record<string, Shape>): GraphCost {
  const shapes = new Map<string, Shape>();
  const elemBytes = new Map<string, number>();
  for (const [name, t] of Object.entries(graph.initializers)) {
    shapes.set(name, t.dims);
    elemBytes.set(name, t.elementBytes);
  }
  for (const i of graph.inputs) {
    const s = inputShapes[i.name] ?? (i.shape.every((d) => d !== null) ? (i.shape as Shape) : undefined);
    if (s) shapes.set(i.name, s);
  }
  const init = (name: string) => graph.initializers[name]?.ints;
  const bytesOf = (name: string) => {
    const s = shapes.get(name);
    return s ? prod(s) * (elemBytes.get(name) ?? 4) : 0;
  };
  const ops: OpCost[] = [];
  const approximate = new Set<string>();
  let peak = 0;
  for (const op of graph.nodes) {
    const ins = op.inputs.map((n) => (n ? shapes.get(n) : undefined));
    let r: { out: Shape[]; flops: number } | undefined;
    if (INFER[op.opType]) r = INFER[op.opType](op, ins, init);
    else if (op.opType in ELEMENTWISE) {
      const present = ins.filter((s): s is Shape => !!s);
      if (present.length) {
        const out = op.opType === 'BatchNormalization' || op.opType.endsWith('Normalization') || op.opType.includes('Softmax') ? present[0] : present.reduce(broadcast);
        r = { out: [out], flops: ELEMENTWISE[op.opType] * prod(out) };
      }
    } else if (MOVE.has(op.opType) && ins[0]) r = { out: [ins[0]], flops: 0 };
    if (!r) {
      approximate.add(op.opType);
      const first = ins.find((s) => s);
      r = { out: [first ?? [0]], flops: first ? prod(first) : 0 };
    }
    op.outputs.forEach((name, i) => shapes.set(name, r.out[i] ?? r.out[0]));
    const outBytes = op.outputs.reduce((a, n) => a + bytesOf(n), 0);
    const bytes = op.inputs.reduce((a, n) => a + (n ? bytesOf(n) : 0), 0) + outBytes;
    peak = Math.max(peak, outBytes);
    ops.push({ opType: op.opType, output: r.out[0], flops: r.flops, bytes });
  }
  const outputs: Record<string, Shape> = {};
  for (const name of graph.outputs) {
    const s = shapes.get(name);
    if (s) outputs[name] = s;
  }
  const heavy = ops.filter((o) => HEAVY.has(o.opType));
  const light = ops.filter((o) => !HEAVY.has(o.opType));
  return {
    flops: ops.reduce((a, o) => a + o.flops, 0),
    bytes: ops.reduce((a, o) => a + o.bytes, 0),
    heavyFlops: heavy.reduce((a, o) => a + o.flops, 0),
    lightBytes: light.reduce((a, o) => a + o.bytes, 0),
    peakActivationBytes: peak,
    outputs,
    ops,
    approximate: [...approximate].sort(),
  };
}
