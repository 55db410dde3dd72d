import { RuntimeError } from '../core/errors';
import { toHalfBits } from './float16';
import { decodeModel, DT, dimsOf, encodeModel, floatValues, intAttr, nameAllocator, nameNodes, node, rawTensor, stamp } from './graph';

export interface Fp16Result {
  bytes: Uint8Array;
  /** Initializers stored as float16. */
  converted: string[];
  /** Values beyond float16's range (|x| > 65504), clamped to +-65504. */
  clamped: number;
}

const HALF_MAX = 65504;

/**
 * "fp16 storage": every float32 initializer is stored as float16 and cast back to float32 by a
 * Cast node in front of its consumers, so graph inputs, outputs and all compute stay float32.
 * onnxruntime's CPU EP on x86 has no float16 Conv kernel (it would wrap each float16 op in casts
 * at run time), and the Casts of constants here are folded when the session is created: the
 * file halves, the speed is the fp32 model's and the error is float16 rounding of the weights.
 */
export function toFp16(modelBytes: Uint8Array): Fp16Result {
  const model = decodeModel(modelBytes);
  const graph = model.graph!;
  nameNodes(graph);
  const fresh = nameAllocator(graph);
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name));
  const casts = [];
  const converted: string[] = [];
  let clamped = 0;
  for (const [i, t] of (graph.initializer ?? []).entries()) {
    // An old-IR initializer that is also a graph input can be overridden by a feed: keep it float32.
    if (t.dataType !== DT.FLOAT || graphInputs.has(t.name)) continue;
    const values = floatValues(t);
    const bits = new Uint16Array(values.length);
    for (let k = 0; k < values.length; k++) {
      let v = values[k];
      if (Math.abs(v) > HALF_MAX && Number.isFinite(v)) {
        v = Math.sign(v) * HALF_MAX;
        clamped++;
      }
      bits[k] = toHalfBits(v);
    }
    const name = t.name!;
    const half = fresh(`${name}_fp16`);
    graph.initializer![i] = rawTensor(half, DT.FLOAT16, dimsOf(t), bits);
    casts.push(node('Cast', [half], [name], fresh(`${name}_cast`), [intAttr('to', DT.FLOAT)]));
    converted.push(name);
  }
  if (!converted.length) throw new RuntimeError('MODEL_INVALID', 'the model has no float32 initializers to store as float16');
  graph.node = [...casts, ...(graph.node ?? [])];
  stamp(model, { 'studio.variant': 'fp16-storage' });
  return { bytes: encodeModel(model), converted, clamped };
}
