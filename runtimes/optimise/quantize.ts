import type { onnx as OnnxT } from 'onnx-proto';
import { RuntimeError } from '../core/errors';
import { alignConvChannels, INPUT_CHANNEL_ALIGN, type PaddedConv } from './align';
import {
  consumers, decodeModel, DT, dimsOf, encodeModel, floatValues, intAttr, nameAllocator, nameNodes, node, rawTensor,
  requireOpset, stamp, type Graph, type Node, type Tensor,
} from './graph';
import { biasCorrection, quantizeWeight } from './weights';

/** What calibration observed per activation tensor: [min, max], and per-channel means (axis 1). */
export interface Calibration {
  ranges: Record<string, [number, number]>;
  means?: Record<string, number[]>;
}

export interface Int8Options {
  /**
   * static: QDQ with uint8 activations (scales from `calibration`), int8 per-channel weights and
   * int32 bias. weights: int8 weights behind DequantizeLinear, activations and compute float32.
   */
  mode: 'static' | 'weights';
  /** Required for static; with channel means, weights are bias-corrected in both modes. */
  calibration?: Calibration;
  /**
   * 7-bit weights, for AVX2 machines without VNNI where u8*s8 pairs can saturate int16
   * (onnxruntime's advice). Default: on for static QDQ (a variant travels to machines we cannot
   * see; without it the static MLP drifted 3.5x past tolerance on an AVX2-only AMD EPYC), off
   * for weight-only (its compute is float32).
   */
  reduceRange?: boolean;
  /** Node names to leave in float32. */
  keepFloat?: string[];
}

export interface Int8Result {
  bytes: Uint8Array;
  /** Nodes whose weights (static: and input activations) were quantized. */
  quantizedNodes: string[];
  /** Quantizable nodes left in float32, with the reason. */
  keptFloat: { node: string; reason: string }[];
  /** Activation tensors given QuantizeLinear/DequantizeLinear (static only). */
  activations: string[];
  /** Hidden Conv channels zero-padded so onnxruntime's fast int8 kernel takes them (static only). */
  paddedChannels: PaddedConv[];
}

/** Per-channel QuantizeLinear/DequantizeLinear (the `axis` attribute) need opset 13. */
const QDQ_OPSET = 13;

interface Target { node: Node; weight: Tensor; bias?: Tensor; axis: number | null }

/**
 * The nodes quantization can take: Conv with a float32 initializer weight (per output channel,
 * axis 0) and MatMul with a rank-2 float32 initializer as B (per column, axis 1), whose data input
 * is computed (not an initializer).
 */
export function quantizableNodes(graph: Graph): Target[] {
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const inputs = new Set((graph.input ?? []).map((i) => i.name));
  const floatInit = (name?: string | null) => {
    const t = name ? inits.get(name) : undefined;
    return t && t.dataType === DT.FLOAT && !inputs.has(name!) ? t : undefined;
  };
  const out: Target[] = [];
  for (const n of graph.node ?? []) {
    const [x, w, b] = n.input ?? [];
    if (!x || inits.has(x) || (n.domain && n.domain !== 'ai.onnx')) continue;
    const weight = floatInit(w);
    if (!weight) continue;
    const rank = dimsOf(weight).length;
    if (n.opType === 'Conv' && rank >= 3) {
      const bias = b ? floatInit(b) : undefined;
      if (b && !bias) continue; // a computed bias cannot become int32
      out.push({ node: n, weight, bias, axis: 0 });
    } else if (n.opType === 'MatMul' && rank === 2) {
      out.push({ node: n, weight, axis: 1 });
    }
  }
  return out;
}

/** Activation tensors calibration must observe: the data inputs of quantizable nodes. */
export function calibrationTensors(modelBytes: Uint8Array): string[] {
  const graph = decodeModel(modelBytes).graph!;
  return [...new Set(quantizableNodes(graph).map((t) => t.node.input![0]))];
}

/** Asymmetric uint8 range that always contains 0 (so zero padding is exact). */
export function activationParams([min, max]: [number, number]): { scale: number; zeroPoint: number } {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return { scale: 1, zeroPoint: 0 };
  const scale = (hi - lo) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))) };
}

/**
 * int8 variant in the QDQ format onnxruntime's CPU EP fuses into QLinearConv / QLinearMatMul:
 * DequantizeLinear(uint8 activation) and DequantizeLinear(int8 per-channel weight, int32 bias)
 * into Conv, whose (Relu'd) output is the next node's QuantizeLinear. A Relu between Conv and
 * QuantizeLinear with zero point 0 is dropped by ORT (ReluQuantFusion), so Conv -> Relu -> Q
 * still fuses. Dilations, pads and groups are untouched, so dilated convs fuse like any other.
 * Static mode keeps a Conv in float32 when its input channels are not a multiple of 4 (e.g. the
 * 1-channel first layer of an image model): ORT's int8 path for it is slower than float32 there.
 */
export function toInt8(modelBytes: Uint8Array, opts: Int8Options): Int8Result {
  const model = decodeModel(modelBytes);
  const graph = model.graph!;
  const isStatic = opts.mode === 'static';
  if (isStatic && !opts.calibration) throw new RuntimeError('BAD_NODE_INPUT', 'static int8 quantization needs a calibration (ranges of the activations)');
  nameNodes(graph);
  const paddedChannels = isStatic ? alignConvChannels(graph) : [];
  const keep = new Set(opts.keepFloat ?? []);
  const keptFloat: Int8Result['keptFloat'] = [];
  const targets = quantizableNodes(graph).filter((t) => {
    const name = t.node.name!;
    if (keep.has(name)) keptFloat.push({ node: name, reason: 'kept in float32 on request' });
    else if (isStatic && t.node.opType === 'Conv' && dimsOf(t.weight)[1] % INPUT_CHANNEL_ALIGN !== 0) {
      keptFloat.push({ node: name, reason: `${dimsOf(t.weight)[1]} input channel(s): not a multiple of ${INPUT_CHANNEL_ALIGN}, onnxruntime's int8 kernel would be slower than float32` });
    } else return true;
    return false;
  });
  if (!targets.length) {
    const why = keptFloat.length ? `: every candidate stays float32 (${keptFloat.map((k) => `${k.node}: ${k.reason}`).join('; ')})` : '';
    throw new RuntimeError('MODEL_INVALID', `the model has no Conv or MatMul with float32 initializer weights to quantize${why}`, { keptFloat });
  }
  requireOpset(model, QDQ_OPSET);
  const fresh = nameAllocator(graph);
  const added: OnnxT.TensorProto[] = [];
  const constNodes: Node[] = [];
  const means = opts.calibration?.means ?? {};

  const dequantize = (base: string, dataType: number, dims: number[], values: ArrayLike<number>, scales: number[], axis: number | null) => {
    const qn = fresh(`${base}_quantized`);
    const sn = fresh(`${base}_scale`);
    const zn = fresh(`${base}_zero_point`);
    const perChannel = axis !== null;
    const zeroType = dataType === DT.INT32 ? DT.INT32 : dataType;
    added.push(rawTensor(qn, dataType, dims, values), rawTensor(sn, DT.FLOAT, perChannel ? [scales.length] : [], scales),
      rawTensor(zn, zeroType, perChannel ? [scales.length] : [], new Array(scales.length).fill(0)));
    const dq = fresh(`${base}_dequantized`);
    constNodes.push(node('DequantizeLinear', [qn, sn, zn], [dq], fresh(`${base}_DequantizeLinear`), perChannel ? [intAttr('axis', axis ?? 0)] : []));
    return dq;
  };

  const quantizedNodes: string[] = [];
  const activations = new Map<string, { dq: string; scale: number; nodes: Node[] }>();
  for (const t of targets) {
    const wName = t.weight.name!;
    const dims = dimsOf(t.weight);
    const axis = isStatic && t.node.opType === 'MatMul' ? null : t.axis; // QLinearMatMul: per-tensor B
    const values = floatValues(t.weight);
    const { q, scales } = quantizeWeight(values, dims, axis, opts.reduceRange ?? isStatic);
    // A weight shared by several nodes is quantized per node (its bias correction is per node).
    t.node.input![1] = dequantize(wName, DT.INT8, dims, q, scales, axis);
    quantizedNodes.push(t.node.name!);
    const x = t.node.input![0];
    let bias = t.bias ? floatValues(t.bias) : undefined;
    const corrected = t.node.opType === 'Conv' && Boolean(means[x]);
    if (corrected) {
      const delta = biasCorrection(values, q, scales, dims, means[x]);
      bias = Float32Array.from(delta, (d, o) => (bias?.[o] ?? 0) - d);
    }
    if (!isStatic) {
      if (bias && corrected) {
        const bn = fresh(`${t.bias?.name ?? wName}_corrected`);
        added.push(rawTensor(bn, DT.FLOAT, [bias.length], bias));
        t.node.input![2] = bn;
      }
      continue;
    }
    const range = opts.calibration!.ranges[x];
    if (!range) throw new RuntimeError('BAD_NODE_INPUT', `no calibration range for ${x} (input of ${t.node.name})`, { tensor: x });
    let act = activations.get(x);
    if (!act) {
      const { scale, zeroPoint } = activationParams(range);
      const sn = fresh(`${x}_scale`);
      const zn = fresh(`${x}_zero_point`);
      added.push(rawTensor(sn, DT.FLOAT, [], [scale]), rawTensor(zn, DT.UINT8, [], [zeroPoint]));
      const qx = fresh(`${x}_quantized`);
      const dq = fresh(`${x}_dequantized`);
      act = { dq, scale, nodes: [node('QuantizeLinear', [x, sn, zn], [qx], fresh(`${x}_QuantizeLinear`)), node('DequantizeLinear', [qx, sn, zn], [dq], fresh(`${x}_DequantizeLinear`))] };
      activations.set(x, act);
    }
    t.node.input![0] = act.dq;
    if (bias) {
      // int32 bias at scale x_scale * w_scale[c], zero point 0: what QLinearConv takes as B.
      const bScales = (axis === null ? bias.map(() => scales[0]) : scales).map((s) => s * act!.scale);
      const bq = Array.from(bias, (v, c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(v / bScales[c]))));
      t.node.input![2] = dequantize(t.bias?.name ?? `${wName}_bias`, DT.INT32, [bias.length], bq, Array.from(bScales), 0);
    }
  }

  // Q/DQ of an activation goes right after the node producing it (graph inputs: first).
  const after = new Map<string, Node[]>();
  const head: Node[] = [...constNodes];
  const produced = new Set((graph.node ?? []).flatMap((n) => n.output ?? []));
  for (const [x, act] of activations) {
    if (produced.has(x)) after.set(x, act.nodes);
    else head.push(...act.nodes);
  }
  const ordered: Node[] = [...head];
  for (const n of graph.node ?? []) {
    ordered.push(n);
    for (const o of n.output ?? []) ordered.push(...(after.get(o) ?? []));
  }
  graph.node = ordered;

  // Float weights nothing reads any more are dropped: the int8 copies replace them.
  const reads = consumers(graph);
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  graph.initializer = [...(graph.initializer ?? []).filter((t) => reads.has(t.name ?? '') || outputs.has(t.name ?? '')), ...added];
  stamp(model, { 'studio.variant': isStatic ? 'int8-static-qdq' : 'int8-weights' });
  return { bytes: encodeModel(model), quantizedNodes, keptFloat, activations: [...activations.keys()], paddedChannels };
}
