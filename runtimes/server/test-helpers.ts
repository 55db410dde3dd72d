// Shared by the server runtime tests (not imported by production code).
import ort from 'onnxruntime-node';
import { mulberry32 } from '../../demo/prng';
import { corpusPath } from '../../test/needs';

export const THREADS = 2;
export const CORPUS_MODELS = corpusPath('models');

export function randomVolume(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, mulberry32(seed));
}

/** The same model run by onnxruntime-node directly in the test process: the reference. */
export async function runDirect(modelPath: string, name: string, data: Float32Array, dims: number[]) {
  const s = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: THREADS, graphOptimizationLevel: 'all', executionMode: 'sequential', enableCpuMemArena: true,
  });
  const out = await s.run({ [name]: new ort.Tensor('float32', data.slice(), dims) });
  await s.release();
  const [first] = Object.values(out);
  return { output: { dims: [...first.dims], data: first.data as Float32Array }, all: out };
}
