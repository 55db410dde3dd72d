import { describe, it, expect } from 'vitest';
import ort from 'onnxruntime-node';
import { readModelSignature } from '../runtimes/core/onnx-signature';
import { makeHeadPhantom } from './phantom';
import { buildTissueClassifier } from './tissue-classifier';

/** Min-max normalisation to [0, 1], as pre.normalize does by default. */
function normalise(data: Uint8Array): Float32Array {
  let min = Infinity, max = -Infinity;
  for (const v of data) { if (v < min) min = v; if (v > max) max = v; }
  const out = new Float32Array(data.length);
  const scale = max > min ? 1 / (max - min) : 0;
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - min) * scale;
  return out;
}

describe('buildTissueClassifier', () => {
  it('writes the same bytes every time', () => {
    expect(Buffer.from(buildTissueClassifier()).equals(Buffer.from(buildTissueClassifier()))).toBe(true);
  });

  it('declares opset 17 / IR 8, symbolic spatial dims, 5 output classes', () => {
    const sig = readModelSignature(buildTissueClassifier(), '0'.repeat(64));
    expect(sig.irVersion).toBe(8);
    expect(sig.opsets).toEqual({ 'ai.onnx': 17 });
    expect(sig.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [1, 1, null, null, null], symbols: [null, null, 'z', 'y', 'x'] }]);
    expect(sig.outputs[0].shape).toEqual([1, 5, null, null, null]);
    expect(sig.operators).toEqual(['Concat', 'Conv', 'Mul']);
  });

  it('recovers the phantom tissue labels for > 90% of voxels with onnxruntime-node', async () => {
    const { volume, labels } = makeHeadPhantom();
    const [nx, ny, nz] = volume.geometry.dims;
    const session = await ort.InferenceSession.create(buildTissueClassifier(), { intraOpNumThreads: 2 });
    const { output } = await session.run({ input: new ort.Tensor('float32', normalise(volume.data as Uint8Array), [1, 1, nz, ny, nx]) });
    expect(output.dims).toEqual([1, 5, nz, ny, nx]);
    const logits = output.data as Float32Array;
    const n = nx * ny * nz;
    let agree = 0;
    const perClass = new Float64Array(5), perClassOk = new Float64Array(5);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < 5; c++) if (logits[c * n + i] > logits[best * n + i]) best = c;
      perClass[labels.data[i]]++;
      if (best === labels.data[i]) { agree++; perClassOk[best]++; }
    }
    expect(agree / n).toBeGreaterThan(0.9);
    // not only background: every tissue is mostly right
    for (let c = 0; c < 5; c++) expect(perClassOk[c] / perClass[c]).toBeGreaterThan(0.6);
    await session.release();
  });
});
