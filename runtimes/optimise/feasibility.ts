import { RuntimeError } from '../core/errors';
import { alignConvChannels, CHANNEL_ALIGN, INPUT_CHANNEL_ALIGN, MIN_CONV_SYM_CHANNELS } from './align';
import { decodeModel, dimsOf, type Graph } from './graph';

/**
 * Most channel padding int8-static accepts, as extra arithmetic over the float32 model: what
 * onnxruntime's int8 conv gains per multiply-accumulate over its float32 conv, measured
 * (bench/variants.ts, 2 shared cores, AVX2, process CPU time): MeshNet 64^3 padded 30 -> 32
 * (1.14x the MACs) ran int8 at 1.9-2.2x fp32, i.e. 2.2-2.5x per MAC; MeshNet 256^3 padded 5 -> 16
 * (10x the MACs) ran at 0.24-0.3x, 2.4-3x per MAC. Past 2.5x the padding eats the gain.
 * Without the padding QLinearConv misses its fast kernel (align.ts): 64^3 unpadded ran at x1.0.
 */
export const MAX_INT8_PADDING_COST = 2.5;

export interface PaddingCost {
  /** Multiply-accumulates per output position summed over the Convs, as the model is and as padded. */
  fp32Macs: number;
  paddedMacs: number;
  /** paddedMacs / fp32Macs. */
  cost: number;
  /** Output channels of the Convs (as in the model). */
  channels: number[];
}

/** MACs per output position of each Conv with an initializer weight: prod(weight dims). */
function convMacs(graph: Graph): number {
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  let macs = 0;
  for (const n of graph.node ?? []) {
    const w = n.opType === 'Conv' ? inits.get(n.input?.[1] ?? '') : undefined;
    if (w && dimsOf(w).length >= 3) macs += dimsOf(w).reduce((a, b) => a * b, 1);
  }
  return macs;
}

/**
 * What the channel padding of int8-static (align.ts) costs a model, from its weights alone: the
 * Convs' MACs per output position before and after. Exact for MeshNet-like models (stride 1,
 * every layer at the input's size); a strided model's deeper layers weigh less than counted.
 */
export function paddingCost(modelBytes: Uint8Array): PaddingCost {
  const graph = decodeModel(modelBytes).graph!;
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const channels = (graph.node ?? []).flatMap((n) => {
    const w = n.opType === 'Conv' ? inits.get(n.input?.[1] ?? '') : undefined;
    return w && dimsOf(w).length >= 3 ? [dimsOf(w)[0]] : [];
  });
  const fp32Macs = convMacs(graph);
  alignConvChannels(graph); // on this decoded copy only
  const paddedMacs = convMacs(graph);
  return { fp32Macs, paddedMacs, cost: fp32Macs ? paddedMacs / fp32Macs : 1, channels };
}

/**
 * Refuse int8-static up front (before calibration, which runs the fp32 model on every sample)
 * when it cannot be faster than float32: onnxruntime's fast int8 conv (MlasConvSym) needs input
 * channels in multiples of INPUT_CHANNEL_ALIGN and at least MIN_CONV_SYM_CHANNELS output channels
 * in multiples of CHANNEL_ALIGN, and padding a thin model to that multiplies its arithmetic.
 */
export function assertInt8CanBeFaster(modelBytes: Uint8Array): PaddingCost {
  const c = paddingCost(modelBytes);
  if (c.cost > MAX_INT8_PADDING_COST) {
    const thin = [...new Set(c.channels)].sort((a, b) => a - b).join('/');
    throw new RuntimeError(
      'MODEL_INVALID',
      `int8-static cannot be faster than float32 for this model: its convs have ${thin} channels; onnxruntime's CPU int8 convolution `
        + `needs >= ${MIN_CONV_SYM_CHANNELS} output channels in multiples of ${CHANNEL_ALIGN} and input channels in multiples of ${INPUT_CHANNEL_ALIGN}, `
        + `so padding multiplies the arithmetic by ${c.cost.toFixed(1)}x (int8 makes up at most ${MAX_INT8_PADDING_COST}x here). Use fp16 or int8-weights for a smaller file`,
      { paddingCost: Number(c.cost.toFixed(2)), fp32Macs: c.fp32Macs, paddedMacs: c.paddedMacs, limit: MAX_INT8_PADDING_COST },
    );
  }
  return c;
}
