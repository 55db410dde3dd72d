import type { onnx as OnnxT } from 'onnx-proto';
import { RuntimeError } from '../core/errors';
import { decodeOnnxModel, onnx, toNumber } from '../core/onnx-proto';

// The ONNX protobuf edits the optimiser needs, on onnx-proto's decoded messages (never raw bytes).

export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11 } as const;
export const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export type Model = OnnxT.ModelProto;
export type Graph = OnnxT.IGraphProto;
export type Node = OnnxT.INodeProto;
export type Tensor = OnnxT.ITensorProto;

export function decodeModel(bytes: Uint8Array): Model {
  const model = decodeOnnxModel(bytes);
  if (!model.graph?.node?.length || !model.graph.output?.length) throw new RuntimeError('MODEL_INVALID', 'not an ONNX model: no graph nodes or outputs');
  for (const t of model.graph.initializer ?? []) {
    if (t.externalData?.length) throw new RuntimeError('MODEL_INVALID', `initializer ${t.name} uses external data: only self-contained models can be optimised`);
  }
  return model;
}

export const encodeModel = (model: Model): Uint8Array => onnx.ModelProto.encode(model).finish();

/** Float values of a FLOAT initializer (raw_data little-endian or float_data). */
export function floatValues(t: Tensor): Float32Array {
  if (t.dataType !== DT.FLOAT) throw new RuntimeError('MODEL_INVALID', `initializer ${t.name} is not float32`);
  if (t.rawData?.length) {
    const n = t.rawData.length / 4;
    const out = new Float32Array(n);
    const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
    return out;
  }
  return Float32Array.from(t.floatData ?? []);
}

export const dimsOf = (t: Tensor): number[] => (t.dims ?? []).map((d) => toNumber(d as number));

/** A tensor proto with explicit little-endian raw_data (the same bytes on every platform). */
export function rawTensor(name: string, dataType: number, dims: number[], values: ArrayLike<number>): OnnxT.TensorProto {
  const width = dataType === DT.FLOAT || dataType === DT.INT32 ? 4 : dataType === DT.FLOAT16 ? 2 : 1;
  const raw = new Uint8Array(values.length * width);
  const dv = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (dataType === DT.FLOAT) dv.setFloat32(i * 4, v, true);
    else if (dataType === DT.INT32) dv.setInt32(i * 4, v, true);
    else if (dataType === DT.FLOAT16) dv.setUint16(i * 2, v, true);
    else if (dataType === DT.INT8) dv.setInt8(i, v);
    else dv.setUint8(i, v);
  }
  return onnx.TensorProto.create({ name, dataType, dims, rawData: raw });
}

export function node(opType: string, inputs: string[], outputs: string[], name: string, attribute: OnnxT.IAttributeProto[] = []): OnnxT.NodeProto {
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name, attribute });
}

export const intAttr = (name: string, i: number) => onnx.AttributeProto.create({ name, type: ATTR.INT, i });

/** Consumers of every tensor name, in graph order. */
export function consumers(graph: Graph): Map<string, Node[]> {
  const map = new Map<string, Node[]>();
  for (const n of graph.node ?? []) for (const i of n.input ?? []) if (i) (map.get(i) ?? map.set(i, []).get(i)!).push(n);
  return map;
}

/** A tensor name not used anywhere in the graph yet. */
export function nameAllocator(graph: Graph): (base: string) => string {
  const used = new Set<string>();
  for (const n of graph.node ?? []) {
    for (const x of [...(n.input ?? []), ...(n.output ?? [])]) used.add(x);
    if (n.name) used.add(n.name);
  }
  for (const t of graph.initializer ?? []) used.add(t.name ?? '');
  for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) used.add(v.name ?? '');
  return (base) => {
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
}

/** The default-domain opset of the model. */
export function defaultOpset(model: Model): number {
  const o = (model.opsetImport ?? []).find((x) => !x.domain || x.domain === 'ai.onnx');
  return o ? toNumber(o.version as number) : 0;
}

/**
 * Operators whose semantics did not change between opset 7 and 13 for the attributes a model of
 * that age can carry: a model using only these can be relabelled opset 13 (needed for per-channel
 * QuantizeLinear / DequantizeLinear). Anything else is refused rather than silently reinterpreted.
 */
const OPSET13_SAFE = new Set([
  'Conv', 'ConvTranspose', 'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Add', 'Sub', 'Mul', 'Div', 'Concat',
  'Identity', 'MatMul', 'Gemm', 'Transpose', 'Flatten', 'AveragePool', 'MaxPool', 'GlobalAveragePool',
  'GlobalMaxPool', 'BatchNormalization', 'Exp', 'Log', 'Sqrt', 'Abs', 'Neg', 'Elu', 'Softplus',
]);

/** Raise the default-domain opset to at least `min` (IR version to 7 at least), or refuse with the blocking operators. */
export function requireOpset(model: Model, min: number): void {
  const current = defaultOpset(model);
  if (current >= min) return;
  // Before opset 7, Add/Mul/... broadcast by attribute: no relabelling from there.
  const blocking = [...new Set((model.graph!.node ?? []).map((n) => n.opType ?? ''))].filter((op) => current < 7 || !OPSET13_SAFE.has(op));
  if (blocking.length) {
    throw new RuntimeError('MODEL_INVALID', `opset ${current} model: quantization needs opset ${min} and ${blocking.join(', ')} cannot be upgraded safely`, { operators: blocking, opset: current });
  }
  model.opsetImport = (model.opsetImport ?? []).filter((x) => x.domain && x.domain !== 'ai.onnx');
  model.opsetImport.push(onnx.OperatorSetIdProto.create({ domain: '', version: min }));
  if (toNumber(model.irVersion as number) < 7) model.irVersion = 7;
}

/** Node names are optional in ONNX; give every node one (the optimiser's reports and new names use them). */
export function nameNodes(graph: Graph): void {
  const fresh = nameAllocator(graph);
  for (const n of graph.node ?? []) if (!n.name) n.name = fresh(`${n.opType}_node`);
}

/** Record what produced the variant in the model's metadata. */
export function stamp(model: Model, entries: Record<string, string>): void {
  const kept = (model.metadataProps ?? []).filter((p) => !(p.key && p.key in entries));
  model.metadataProps = [...kept, ...Object.entries(entries).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }))];
}
