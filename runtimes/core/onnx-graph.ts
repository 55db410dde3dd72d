import type { onnx as OnnxT } from 'onnx-proto';
import type { Attr, OnnxGraphLite, OnnxInitializer } from '../../domain/cost/onnx-graph';
import { ONNX_ELEMENT_BYTES as ELEM_BYTES } from './dtype';
import { RuntimeError } from './errors';
import { decodeOnnxModel, shapeDims, toNumber } from './onnx-proto';

const INT_TYPES = new Set([6, 7]);
const MAX_KEPT_INTS = 64;

function attrValue(a: OnnxT.IAttributeProto): Attr | undefined {
  switch (a.type) {
    case 1: // FLOAT
      return a.f ?? 0;
    case 2: // INT
      return toNumber(a.i as number);
    case 3: // STRING
      return a.s ? new TextDecoder().decode(a.s) : '';
    case 6: // FLOATS
      return (a.floats ?? []).map(Number);
    case 7: // INTS
      return (a.ints ?? []).map((v) => toNumber(v as number));
    default:
      return undefined;
  }
}

function smallInts(t: OnnxT.ITensorProto): number[] | undefined {
  const n = (t.dims ?? []).reduce<number>((a, d) => a * toNumber(d as number), 1);
  if (!INT_TYPES.has(t.dataType ?? 0) || n > MAX_KEPT_INTS) return undefined;
  if (t.int64Data?.length) return t.int64Data.map((v) => toNumber(v as number));
  if (t.int32Data?.length) return [...t.int32Data];
  if (t.rawData?.length) {
    const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return Array.from({ length: n }, (_, i) => (t.dataType === 7 ? Number(dv.getBigInt64(i * 8, true)) : dv.getInt32(i * 4, true)));
  }
  return undefined;
}

/** The cost model's view of an ONNX file (domain/cost/onnx-graph.ts), for the cost service. Constant nodes become initializers. */
export function readOnnxGraphLite(bytes: Uint8Array): OnnxGraphLite {
  const g = decodeOnnxModel(bytes).graph;
  if (!g) throw new RuntimeError('MODEL_INVALID', 'not an ONNX model: no graph');
  const initializers: Record<string, OnnxInitializer> = {};
  const addTensor = (name: string, t: OnnxT.ITensorProto) => {
    const ints = smallInts(t);
    initializers[name] = { dims: (t.dims ?? []).map((d) => toNumber(d as number)), elementBytes: ELEM_BYTES[t.dataType ?? 1] ?? 4, ...(ints ? { ints } : {}) };
  };
  for (const t of g.initializer ?? []) addTensor(t.name ?? '', t);
  const nodes: OnnxGraphLite['nodes'] = [];
  for (const n of g.node ?? []) {
    const attrs: Record<string, Attr> = {};
    for (const a of n.attribute ?? []) {
      const v = attrValue(a);
      if (v !== undefined) attrs[a.name ?? ''] = v;
    }
    const valueTensor = n.opType === 'Constant' ? n.attribute?.find((a) => a.name === 'value')?.t : undefined;
    if (valueTensor && n.output?.[0]) {
      addTensor(n.output[0], valueTensor);
      continue;
    }
    nodes.push({ opType: n.opType ?? '', inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attrs });
  }
  return {
    inputs: (g.input ?? [])
      .filter((i) => !initializers[i.name ?? ''])
      .map((i) => ({ name: i.name ?? '', shape: shapeDims(i.type?.tensorType?.shape) })),
    outputs: (g.output ?? []).map((o) => o.name ?? ''),
    initializers,
    nodes,
  };
}
