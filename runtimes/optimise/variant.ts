import { RuntimeError } from '../core/errors';
import { calibrate, type Sample } from './calibrate';
import { assertInt8CanBeFaster } from './feasibility';
import { toFp16 } from './fp16';
import { toInt8 } from './quantize';

export const VARIANT_KINDS = ['fp16', 'int8-static', 'int8-weights'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export interface Variant {
  kind: VariantKind;
  bytes: Uint8Array;
  /** What the transform did (nodes quantized / kept float, channels padded, initializers converted). */
  details: Record<string, unknown>;
}

/**
 * One optimised variant of an fp32 ONNX model. int8-static needs calibration samples (the model's
 * feeds, e.g. cubes of a user scan) and is refused up front (MODEL_INVALID) for models whose
 * channel padding would make it slower than float32; int8-weights uses the samples, when given,
 * only for bias correction.
 */
export async function optimiseModel(modelBytes: Uint8Array, kind: VariantKind, opts: { calibration?: Sample[]; threads?: number } = {}): Promise<Variant> {
  if (kind === 'fp16') {
    const r = toFp16(modelBytes);
    return { kind, bytes: r.bytes, details: { storage: 'float16 initializers, Cast to float32 (compute stays float32 on the CPU EP)', converted: r.converted.length, clamped: r.clamped } };
  }
  // Before calibration (the fp32 model on every sample): refused when int8 cannot be faster.
  if (kind === 'int8-static') assertInt8CanBeFaster(modelBytes);
  if (kind === 'int8-static' && !opts.calibration?.length) {
    throw new RuntimeError('EMPTY_INPUT', 'int8-static needs a calibration sample (a scan the model is meant for)');
  }
  const calibration = opts.calibration?.length ? await calibrate(modelBytes, opts.calibration, { threads: opts.threads }) : undefined;
  const r = toInt8(modelBytes, { mode: kind === 'int8-static' ? 'static' : 'weights', calibration });
  return {
    kind,
    bytes: r.bytes,
    details: {
      quantizedNodes: r.quantizedNodes,
      keptFloat: r.keptFloat,
      activations: r.activations.length,
      paddedChannels: r.paddedChannels,
      calibrationSamples: opts.calibration?.length ?? 0,
      biasCorrected: Boolean(calibration?.means),
    },
  };
}
