import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createServerRuntime } from './server-runtime';
import { needFiles } from '../../test/needs';
import { CORPUS_MODELS, randomVolume, runDirect, THREADS } from './test-helpers';

const runtime = createServerRuntime({ intraOpNumThreads: THREADS });
afterAll(() => runtime.dispose());

const MODELS = needFiles(...['brainchop_meshnet_gwm_64cube.onnx', 'niivue_meshnet_gwm_256.onnx'].map((f) => path.join(CORPUS_MODELS, f)));

describe.skipIf(!MODELS.ok)(MODELS.title('server runtime on the real MeshNet models'), () => {
  it('brainchop 64^3: identical to onnxruntime-node run in this process', async () => {
    const file = path.join(CORPUS_MODELS, 'brainchop_meshnet_gwm_64cube.onnx');
    const dims = [1, 1, 64, 64, 64];
    const data = randomVolume(64 ** 3, 64);
    const ref = await runDirect(file, 'input', data, dims);
    const { outputs } = await runtime.run({ sha256: '6'.repeat(64), path: file }, { input: { dims, data } });
    expect(outputs.output.dims).toEqual([1, 3, 64, 64, 64]);
    expect(Buffer.from(outputs.output.data.buffer).equals(Buffer.from(ref.output.data.buffer))).toBe(true);
  }, 120_000);

  it('niivue 256^3: the event loop keeps ticking during the whole inference', async () => {
    const file = path.join(CORPUS_MODELS, 'niivue_meshnet_gwm_256.onnx');
    const data = randomVolume(256 ** 3, 256);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 10);
    const t0 = performance.now();
    const { outputs } = await runtime.run({ sha256: '7'.repeat(64), path: file }, { input: { dims: [1, 1, 256, 256, 256], data } });
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    expect(outputs.output.data.length).toBe(3 * 256 ** 3);
    let maxGap = 0;
    for (let i = 1; i < ticks.length; i++) maxGap = Math.max(maxGap, ticks[i] - ticks[i - 1]);
    expect(elapsed).toBeGreaterThan(500); // a real, long inference
    // A blocked loop shows one gap as long as the inference. The bound is loose because other
    // test files (and ORT's own threads) share the 2 cores: starvation is not blocking.
    expect(ticks.length).toBeGreaterThan(elapsed / 10 / 4);
    expect(maxGap).toBeLessThan(Math.max(250, elapsed / 10));
  }, 240_000);
});
