/** Label map of [1, C, ...] scores: argmax over channels (ties -> lowest class); C = 1: score > 0.5. */
export function labelMap(data: Float32Array, channels: number): Uint8Array {
  const n = data.length / channels;
  const out = new Uint8Array(n);
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[i] = data[i] > 0.5 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < n; i++) for (let c = 1; c < channels; c++) if (data[c * n + i] > data[out[i] * n + i]) out[i] = c;
  return out;
}

export function labelCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

/** Dice of each label between two label maps; 1 when the label is absent from both. */
export function dicePerLabel(reference: Uint8Array, candidate: Uint8Array, classes: number): number[] {
  const inter = new Array<number>(classes).fill(0);
  const a = labelCounts(reference, classes);
  const b = labelCounts(candidate, classes);
  for (let i = 0; i < reference.length; i++) if (reference[i] === candidate[i]) inter[reference[i]]++;
  return inter.map((x, k) => (a[k] + b[k] === 0 ? 1 : (2 * x) / (a[k] + b[k])));
}
