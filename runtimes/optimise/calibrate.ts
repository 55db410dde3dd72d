import ort from 'onnxruntime-node';
import { RuntimeError } from '../core/errors';
import { onnx } from '../core/onnx-proto';
import { decodeModel, DT, encodeModel } from './graph';
import { calibrationTensors, type Calibration } from './quantize';

export interface Feed { dims: number[]; data: Float32Array }
/** One model input set: feed name -> tensor. */
export type Sample = Record<string, Feed>;

function minMax(data: Float32Array, into: [number, number] | undefined): [number, number] {
  let [lo, hi] = into ?? [Infinity, -Infinity];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Per-channel sums (axis 1 of [N, C, ...]) and the element count per channel. */
function channelSums(data: Float32Array, dims: readonly number[]): { sums: number[]; count: number } {
  const n = dims[0] ?? 1;
  const c = dims.length >= 2 ? dims[1] : 1;
  const inner = data.length / (n * c);
  const sums = new Array<number>(c).fill(0);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) {
    let s = 0;
    const base = (b * c + ch) * inner;
    for (let i = 0; i < inner; i++) s += data[base + i];
    sums[ch] += s;
  }
  return { sums, count: n * inner };
}

/**
 * Min/max calibration: run the fp32 model (onnxruntime-node) on each sample with every tensor
 * quantization needs added as a graph output, and keep the overall min and max of each, plus its
 * per-channel mean (for bias correction).
 */
export async function calibrate(modelBytes: Uint8Array, samples: Sample[], opts: { threads?: number } = {}): Promise<Calibration> {
  if (!samples.length) throw new RuntimeError('EMPTY_INPUT', 'static quantization needs at least one calibration sample');
  const wanted = calibrationTensors(modelBytes);
  const model = decodeModel(modelBytes);
  const graph = model.graph!;
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name));
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  for (const name of wanted) {
    if (graphInputs.has(name) || outputs.has(name)) continue;
    graph.output!.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: DT.FLOAT } } }));
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(encodeModel(model), { executionProviders: ['cpu'], intraOpNumThreads: opts.threads ?? 2, graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new RuntimeError('MODEL_INVALID', `the model cannot be loaded for calibration: ${(e as Error).message}`);
  }
  const ranges: Calibration['ranges'] = {};
  const sums: Record<string, { sums: number[]; count: number }> = {};
  try {
    for (const sample of samples) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, f] of Object.entries(sample)) feeds[name] = new ort.Tensor('float32', f.data, f.dims);
      const fetch = wanted.filter((n) => !graphInputs.has(n));
      let res: ort.InferenceSession.ReturnType;
      try {
        res = fetch.length ? await session.run(feeds, fetch) : await session.run(feeds);
      } catch (e) {
        throw new RuntimeError('SHAPE_MISMATCH', `the calibration sample does not fit the model: ${(e as Error).message}`);
      }
      for (const name of wanted) {
        const t = graphInputs.has(name) ? sample[name] : (res[name] as { data: Float32Array; dims: readonly number[] } | undefined);
        if (!t) throw new RuntimeError('BAD_NODE_INPUT', `calibration sample has no feed ${name}`, { tensor: name });
        ranges[name] = minMax(t.data, ranges[name]);
        const s = channelSums(t.data, t.dims);
        const acc = (sums[name] ??= { sums: s.sums.map(() => 0), count: 0 });
        if (acc.sums.length === s.sums.length) {
          s.sums.forEach((v, i) => (acc.sums[i] += v));
          acc.count += s.count;
        }
      }
    }
  } finally {
    await session.release();
  }
  const means = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.sums.map((x) => x / v.count)]));
  return { ranges, means };
}
