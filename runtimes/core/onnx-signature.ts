import type { onnx as OnnxT } from 'onnx-proto';
import { fromOnnxMetadataProps } from '../../domain/cards/onnx-props';
import { contractFromMetadata } from '../../domain/models/contract';
import type { ModelSignature, TensorInfo } from '../../domain/models/signature';
import { ONNX_ELEMENT_TYPES } from './dtype';
import { RuntimeError } from './errors';
import { decodeOnnxModel, shapeDims, toNumber } from './onnx-proto';

function tensorInfo(v: OnnxT.IValueInfoProto): TensorInfo {
  const t = v.type;
  const tensor = t?.tensorType ?? t?.sparseTensorType;
  if (!tensor) {
    const kind = t?.sequenceType ? 'sequence' : t?.mapType ? 'map' : t?.optionalType ? 'optional' : 'unknown';
    return { name: v.name ?? '', dtype: kind, shape: [] };
  }
  const dims = (tensor.shape?.dim ?? []) as OnnxT.TensorShapeProto.Dimension[];
  const shape = shapeDims(tensor.shape);
  const symbols = dims.map((d) => (d.value === 'dimParam' && d.dimParam ? d.dimParam : null));
  const info: TensorInfo = { name: v.name ?? '', dtype: ONNX_ELEMENT_TYPES[tensor.elemType ?? 0]?.name ?? `type${tensor.elemType}`, shape };
  if (symbols.some((s) => s !== null)) info.symbols = symbols;
  return info;
}

/** Operator types of a graph and of every subgraph (If/Loop/Scan bodies), domain-qualified. */
function collectOperators(graph: OnnxT.IGraphProto, into: Set<string>): void {
  for (const node of graph.node ?? []) {
    const domain = node.domain ?? '';
    into.add(domain && domain !== 'ai.onnx' ? `${domain}.${node.opType}` : String(node.opType));
    for (const a of node.attribute ?? []) {
      if (a.g) collectOperators(a.g, into);
      for (const g of a.graphs ?? []) collectOperators(g, into);
    }
  }
}

/**
 * What a model needs and produces, read from the ONNX protobuf itself. Old IR (< 4) models list
 * their initializers as graph inputs too; those are weights, not feeds, so they are dropped.
 * Browser-safe: pure decoding, no IO.
 */
export function readModelSignature(bytes: Uint8Array, sha256: string): ModelSignature {
  const model = decodeOnnxModel(bytes);
  const graph = model.graph;
  const irVersion = toNumber(model.irVersion as number);
  if (!graph || irVersion < 1 || !graph.output?.length) {
    throw new RuntimeError('MODEL_INVALID', 'not an ONNX model: no graph, IR version or outputs');
  }
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(tensorInfo);
  if (!inputs.length) throw new RuntimeError('MODEL_INVALID', 'the ONNX model has no (non-initializer) inputs');
  const opsets: Record<string, number> = {};
  for (const o of model.opsetImport ?? []) opsets[o.domain || 'ai.onnx'] = toNumber(o.version as number);
  const operators = new Set<string>();
  collectOperators(graph, operators);
  const signature: ModelSignature = {
    sha256,
    inputs,
    outputs: graph.output.map(tensorInfo),
    irVersion,
    opsets,
    operators: [...operators].sort(),
    sizeBytes: bytes.byteLength,
  };
  const metadata = Object.fromEntries((model.metadataProps ?? []).flatMap((p) => (p.key ? [[p.key, p.value ?? '']] : [])));
  const contract = contractFromMetadata(metadata);
  if (contract) signature.contract = contract;
  const card = fromOnnxMetadataProps(metadata);
  if (card) signature.card = card;
  if (model.producerName) {
    signature.producer = model.producerVersion ? `${model.producerName} ${model.producerVersion}` : model.producerName;
  }
  return signature;
}
