// The one ONNX decoder: onnx-proto (protobufjs). It is a CommonJS bundle (`module.exports = $root`):
// Node's ESM loader cannot see its named exports, so take the default export once here and share it.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxT } from 'onnx-proto';
import { RuntimeError } from './errors';

export const onnx = onnxProto.onnx;

/** int64 fields decode as Long objects (protobufjs + long) or plain numbers. */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v == null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** Decodes a ModelProto; bytes that are not protobuf are MODEL_INVALID. Callers check what they need of it. */
export function decodeOnnxModel(bytes: Uint8Array): OnnxT.ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new RuntimeError('MODEL_INVALID', `not an ONNX model: ${(e as Error).message}`);
  }
}

/** Dimensions of a tensor's shape: numbers where fixed, null where symbolic or unknown. */
export function shapeDims(shape: OnnxT.ITensorShapeProto | null | undefined): (number | null)[] {
  // Decoded messages: `value` names the oneof member set (dimValue defaults to 0 on the prototype).
  return ((shape?.dim ?? []) as OnnxT.TensorShapeProto.Dimension[]).map((d) => (d.value === 'dimValue' ? toNumber(d.dimValue) : null));
}
