import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHeadPhantom } from '../../demo/phantom';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { corpusPath, needFiles } from '../../test/needs';
import { resolveRuntime } from '../core/registry';
import type { InferenceRuntime, ModelHandle } from '../core/inference';
import { readNifti } from '../imaging/nifti';
import { nodeWasmPaths } from './node-wasm-paths';
import { createWasmRuntime, defaultWasmThreads, registerWasmRuntime } from './wasm';
import { registerWebGpuRuntime } from './webgpu';

const CORPUS = corpusPath('models');
const BRAINCHOP = needFiles(path.join(CORPUS, 'brainchop_meshnet_gwm_64cube.onnx'), path.join(CORPUS, 't1_crop_256_uint8.nii.gz'));

const handle = (bytes: Uint8Array): ModelHandle => ({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: async () => bytes });

function minMax(src: ArrayLike<number>): Float32Array {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < src.length; i++) { min = Math.min(min, src[i]); max = Math.max(max, src[i]); }
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = max > min ? (src[i] - min) / (max - min) : 0;
  return out;
}

/** Argmax over channels of [1,C,...] logits (ties -> lowest class), as post.argmax does. */
function argmax(data: Float32Array, channels: number): Uint8Array {
  const n = data.length / channels;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) for (let c = 1; c < channels; c++) if (data[c * n + i] > data[out[i] * n + i]) out[i] = c;
  return out;
}

const counts = (labels: Uint8Array, k: number) => Array.from({ length: k }, (_, c) => labels.reduce((a, v) => a + (v === c ? 1 : 0), 0));

async function nativeRun(bytes: Uint8Array, data: Float32Array, dims: number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
  const out = await s.run({ input: new ort.Tensor('float32', data.slice(), dims) });
  await s.release();
  return Object.values(out)[0].data as Float32Array;
}

describe('onnxruntime-web wasm runtime under Node', () => {
  let runtime: InferenceRuntime & { sessions: number };
  afterAll(() => runtime?.dispose());

  it('finds the wasm files of the installed onnxruntime-web', () => {
    const dir = nodeWasmPaths();
    expect(dir).toMatch(/^file:.*onnxruntime-web\/dist\/$/);
    expect(existsSync(new URL('ort-wasm-simd-threaded.wasm', dir))).toBe(true);
  });

  it('gives the same argmax as onnxruntime-node on the demo tissue classifier, one session per model', async () => {
    runtime = await createWasmRuntime({ numThreads: 1, wasmPaths: nodeWasmPaths() });
    const { volume } = makeHeadPhantom();
    const [nx, ny, nz] = volume.geometry.dims;
    const dims = [1, 1, nz, ny, nx];
    const input = minMax(volume.data);
    const model = handle(buildTissueClassifier());
    const web = await runtime.run(model, { input: { dims, data: input } });
    expect(web.outputs.output.dims).toEqual([1, 5, nz, ny, nx]);
    expect(web.inputs.input.data).toBe(input); // nothing transferred
    const native = await nativeRun(buildTissueClassifier(), input, dims);
    // The demo model has exact ties (a voxel halfway between two tissue centres): there the two
    // builds may round the top two logits either way (a few ulp). Anywhere else the argmax must agree.
    const a = argmax(web.outputs.output.data, 5), b = argmax(native, 5);
    const n = a.length;
    let differ = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) continue;
      differ++;
      expect(Math.abs(native[a[i] * n + i] - native[b[i] * n + i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(native[b[i] * n + i])));
    }
    expect(differ / n).toBeLessThan(1e-4);
    await runtime.run(model, { input: { dims, data: input } });
    expect(runtime.sessions).toBe(1);
  });

  it.skipIf(!BRAINCHOP.ok)(BRAINCHOP.title('brainchop 64^3: same argmax as onnxruntime-node and the reference counts'), async () => {
    const vol = readNifti(new Uint8Array(readFileSync(path.join(CORPUS, 't1_crop_256_uint8.nii.gz'))));
    const norm = minMax(vol.data);
    const crop = new Float32Array(64 ** 3);
    for (let z = 0; z < 64; z++) for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) {
      crop[(z * 64 + y) * 64 + x] = norm[((z + 96) * 256 + (y + 96)) * 256 + (x + 96)];
    }
    const bytes = new Uint8Array(readFileSync(path.join(CORPUS, 'brainchop_meshnet_gwm_64cube.onnx')));
    const dims = [1, 1, 64, 64, 64];
    const web = await runtime.run(handle(bytes), { input: { dims, data: crop } });
    const webLabels = argmax(web.outputs.output.data, 3);
    expect(webLabels).toEqual(argmax(await nativeRun(bytes, crop, dims), 3));
    expect(counts(webLabels, 3)).toEqual([75224, 109968, 76952]);
  });
});

describe('browser runtime registration', () => {
  it('falls back from WebGPU to wasm and says why', async () => {
    const off = [registerWebGpuRuntime({ navigator: {} }), registerWasmRuntime({ numThreads: 1, wasmPaths: nodeWasmPaths() })];
    try {
      const { runtime, failures } = await resolveRuntime(['browser-webgpu', 'browser-wasm']);
      expect(runtime.target).toBe('browser-wasm');
      expect(failures.map((f) => [f.target, f.error.message])).toEqual([['browser-webgpu', 'WebGPU is not available here (no navigator.gpu)']]);
    } finally {
      off.forEach((f) => f());
    }
  });

  it('refuses WebGPU when the browser gives no adapter', async () => {
    const off = registerWebGpuRuntime({ navigator: { gpu: { requestAdapter: async () => null } } });
    try {
      await expect(resolveRuntime(['browser-webgpu'])).rejects.toThrow(/WebGPU is present but gave no adapter/);
    } finally {
      off();
    }
  });

  it('uses threads only in a cross-origin isolated page', () => {
    expect(defaultWasmThreads({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } })).toBe(1);
    expect(defaultWasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 4 } })).toBe(4);
  });
});
