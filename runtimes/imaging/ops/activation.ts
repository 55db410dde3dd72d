/** Softmax over the channels of [1, C, ...] (x fastest): each voxel's C values sum to 1. */
export function softmax(data: Float32Array, channels: number): Float32Array {
  const n = data.length / channels;
  const out = new Float32Array(data.length);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < channels; c++) max = Math.max(max, data[c * n + i]);
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += out[c * n + i] = Math.exp(data[c * n + i] - max);
    for (let c = 0; c < channels; c++) out[c * n + i] /= sum;
  }
  return out;
}

export const sigmoid = (data: Float32Array): Float32Array => data.map((v) => 1 / (1 + Math.exp(-v)));
