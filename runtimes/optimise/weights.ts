// Weight quantization arithmetic: symmetric int8 per channel with an error-minimising scale, and
// the bias correction that cancels the mean shift the rounding causes.

/** Clip ratios tried per channel: 1 (max |w|) down to 0.5 of it. */
const CLIP_RATIOS = Array.from({ length: 41 }, (_, i) => 1 - i * 0.0125);

/**
 * Symmetric int8 per slice along `axis` (null: one scale for the tensor), zero points 0. The scale
 * of each slice is the one (among max|w| * r for r in [0.5, 1]) with the least squared error:
 * clipping a few outliers buys finer steps for the many small weights.
 */
export function quantizeWeight(values: Float32Array, dims: number[], axis: number | null, reduceRange = false) {
  const qmax = reduceRange ? 63 : 127;
  const channels = axis === null ? 1 : dims[axis];
  const inner = axis === null ? values.length : dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = values.length / (channels * inner);
  const slice = (c: number) => {
    const idx: number[] = [];
    for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) idx.push((o * channels + c) * inner + k);
    return idx;
  };
  const q = new Int8Array(values.length);
  const scales: number[] = [];
  for (let c = 0; c < channels; c++) {
    const idx = slice(c);
    let amax = 0;
    for (const i of idx) amax = Math.max(amax, Math.abs(values[i]));
    if (amax === 0) {
      scales.push(1);
      continue;
    }
    let best = amax / qmax;
    let bestErr = Infinity;
    for (const r of CLIP_RATIOS) {
      const s = (amax * r) / qmax;
      let err = 0;
      for (const i of idx) err += (Math.max(-qmax, Math.min(qmax, Math.round(values[i] / s))) * s - values[i]) ** 2;
      if (err < bestErr) [best, bestErr] = [s, err];
    }
    scales.push(best);
    for (const i of idx) q[i] = Math.max(-qmax, Math.min(qmax, Math.round(values[i] / best)));
  }
  return { q, scales };
}

/**
 * Bias correction for a Conv weight [M, C, k...]: rounding shifts output o on average by
 * sum_c sum_k dW[o,c,k] * mean(x_c); subtract that from the bias (Nagel et al. 2019, "Data-free
 * quantization", empirical variant with channel means from the calibration sample).
 */
export function biasCorrection(values: Float32Array, q: Int8Array, scales: number[], dims: number[], inputMeans: ArrayLike<number>): Float32Array {
  const [m, c] = dims;
  const k = values.length / (m * c);
  const delta = new Float32Array(m);
  for (let o = 0; o < m; o++) {
    let d = 0;
    for (let ci = 0; ci < c; ci++) {
      const mu = inputMeans[ci] ?? 0;
      if (!mu) continue;
      for (let j = 0; j < k; j++) {
        const i = (o * c + ci) * k + j;
        d += (q[i] * scales[o] - values[i]) * mu;
      }
    }
    delta[o] = d;
  }
  return delta;
}
