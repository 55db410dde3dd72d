// onnx-proto is a CommonJS bundle (`module.exports = $root`): Node's ESM loader cannot see its
// named exports, so take the default export once here and share the namespace.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;

/** int64 fields decode as Long objects (protobufjs + long) or plain numbers. */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v == null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
