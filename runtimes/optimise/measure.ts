import ort from 'onnxruntime-node';
import { RuntimeError } from '../core/errors';
import { nodeSessionOptions } from '../ort/sessions.mjs';
import type { Feed } from './calibrate';
import { dicePerLabel, labelCounts, labelMap } from './dice';

export interface VariantReport {
  sizeBytes: number;
  fp32SizeBytes: number;
  /** Median wall time of session.run over `reps` runs (after one warm-up), same threads for both. */
  latencyMs: number;
  fp32LatencyMs: number;
  /** fp32 / variant: > 1 is faster. */
  speedup: number;
  /** Median process CPU time per run (all ORT threads): less skewed than wall time on a busy machine. */
  cpuMs: number;
  fp32CpuMs: number;
  threads: number;
  reps: number;
  /** Dice of each label of the variant's label map against the fp32 model's, on the same input. */
  dicePerLabel: number[];
  labelCounts: { fp32: number[]; variant: number[] };
  /** Voxels whose label differs from fp32. */
  mismatches: number;
  maxAbsDiff: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function session(bytes: Uint8Array, threads: number): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, nodeSessionOptions(threads));
  } catch (e) {
    throw new RuntimeError('MODEL_INVALID', `the model cannot be loaded: ${(e as Error).message}`);
  }
}

/** One warm-up, then `reps` timed runs interleaved fp32 / variant so load drift hits both alike. */
async function timed(sessions: ort.InferenceSession[], feed: Record<string, ort.Tensor>, reps: number) {
  const wall = sessions.map(() => [] as number[]);
  const cpu = sessions.map(() => [] as number[]);
  const last: { data: Float32Array; dims: readonly number[] }[] = [];
  for (let i = -1; i < reps; i++) {
    for (const [k, s] of sessions.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let out: ort.InferenceSession.ReturnType;
      try {
        out = await s.run(feed);
      } catch (e) {
        throw new RuntimeError('SHAPE_MISMATCH', `the reference input does not fit the model: ${(e as Error).message}`);
      }
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const t = out[s.outputNames[0]];
      last[k] = { data: t.data as Float32Array, dims: t.dims };
      if (i < 0) continue;
      wall[k].push(ms);
      cpu[k].push((c.user + c.system) / 1000);
    }
  }
  return { wall, cpu, last };
}

/**
 * Size, latency (onnxruntime-node, median of `reps`) and accuracy change of a variant against its
 * fp32 model on one reference input: Dice per label of the argmax label maps (first output).
 */
export async function measureVariant(args: { fp32: Uint8Array; variant: Uint8Array; input: Record<string, Feed>; reps?: number; threads?: number }): Promise<VariantReport> {
  const reps = args.reps ?? 5;
  const threads = args.threads ?? 2;
  const feed = Object.fromEntries(Object.entries(args.input).map(([k, f]) => [k, new ort.Tensor('float32', f.data, f.dims)]));
  const sessions = [await session(args.fp32, threads), await session(args.variant, threads)];
  try {
    const { wall, cpu, last: [a, b] } = await timed(sessions, feed, reps);
    if (a.data.length !== b.data.length) throw new RuntimeError('SHAPE_MISMATCH', `the variant's output [${b.dims.join(',')}] differs from the fp32 model's [${a.dims.join(',')}]`);
    const channels = a.dims.length >= 2 ? a.dims[1] : 1;
    const classes = Math.max(channels, 2);
    const ref = labelMap(a.data, channels);
    const got = labelMap(b.data, channels);
    let maxAbsDiff = 0;
    let mismatches = 0;
    for (let i = 0; i < a.data.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a.data[i] - b.data[i]));
    for (let i = 0; i < ref.length; i++) if (ref[i] !== got[i]) mismatches++;
    const [fp32LatencyMs, latencyMs] = wall.map(median);
    return {
      sizeBytes: args.variant.byteLength,
      fp32SizeBytes: args.fp32.byteLength,
      latencyMs,
      fp32LatencyMs,
      speedup: fp32LatencyMs / latencyMs,
      cpuMs: median(cpu[1]),
      fp32CpuMs: median(cpu[0]),
      threads,
      reps,
      dicePerLabel: dicePerLabel(ref, got, classes),
      labelCounts: { fp32: labelCounts(ref, classes), variant: labelCounts(got, classes) },
      mismatches,
      maxAbsDiff,
    };
  } finally {
    for (const s of sessions) await s.release();
  }
}
