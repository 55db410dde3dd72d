import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { RuntimeError } from '../core/errors';
import { resolveRuntime } from '../core/registry';
import { createServerRuntime, type ServerRuntime } from './index';
import { randomVolume, runDirect, THREADS } from './test-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'ort-runtime-'));
const demoPath = path.join(dir, 'demo.onnx');
const demo = { sha256: 'd'.repeat(64), path: demoPath };
let runtime: ServerRuntime;

beforeAll(() => {
  writeFileSync(demoPath, buildTissueClassifier());
  runtime = createServerRuntime({ intraOpNumThreads: THREADS });
});
afterAll(async () => {
  await runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('server runtime (onnxruntime-node in worker threads)', () => {
  it('gives outputs identical to onnxruntime-node run directly, and hands the inputs back', async () => {
    const dims = [1, 1, 24, 20, 16];
    const data = randomVolume(24 * 20 * 16, 1);
    const copy = data.slice();
    const { outputs, inputs } = await runtime.run(demo, { input: { dims, data } });
    expect(data.byteLength).toBe(0); // transferred, not copied
    expect(inputs.input.dims).toEqual(dims);
    expect(Buffer.from(inputs.input.data.buffer).equals(Buffer.from(copy.buffer))).toBe(true);
    const ref = await runDirect(demoPath, 'input', copy, dims);
    expect(ref.output.dims).toEqual([1, 5, 24, 20, 16]);
    expect(outputs.output.dims).toEqual([1, 5, 24, 20, 16]);
    expect(Buffer.from(outputs.output.data.buffer).equals(Buffer.from(ref.output.data.buffer))).toBe(true);
  });

  it('keeps one session per model hash (second run reuses it)', async () => {
    const dims = [1, 1, 8, 8, 8];
    await runtime.run(demo, { input: { dims, data: randomVolume(512, 1) } });
    const before = runtime.stats.sessionsCreated;
    const other = { sha256: 'e'.repeat(64), path: demoPath };
    await runtime.run(other, { input: { dims, data: randomVolume(512, 2) } });
    await runtime.run(other, { input: { dims, data: randomVolume(512, 3) } });
    await runtime.run(demo, { input: { dims, data: randomVolume(512, 4) } });
    // timing is no proof on a shared 2-core machine; the worker reports whether it created one
    expect(runtime.stats.sessionsCreated).toBe(before + 1);
  });

  it('maps ORT failures to typed errors', async () => {
    const wrongRank = await runtime.run(demo, { input: { dims: [1, 8, 8], data: new Float32Array(64) } }).catch((e) => e);
    expect(wrongRank).toBeInstanceOf(RuntimeError);
    expect(wrongRank.code).toBe('SHAPE_MISMATCH');
    const badLength = await runtime.run(demo, { input: { dims: [1, 1, 4, 4, 4], data: new Float32Array(10) } }).catch((e) => e);
    expect(badLength.code).toBe('SHAPE_MISMATCH');
    const junk = path.join(dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    const invalid = await runtime.run({ sha256: 'f'.repeat(64), path: junk }, { input: { dims: [1], data: new Float32Array(1) } }).catch((e) => e);
    expect(invalid.code).toBe('MODEL_INVALID');
    const missing = await runtime.run({ sha256: '1'.repeat(64), path: path.join(dir, 'nope.onnx') }, { input: { dims: [1], data: new Float32Array(1) } }).catch((e) => e);
    expect(missing.code).toBe('MODEL_NOT_FOUND');
    // still serving after all of that
    const ok = await runtime.run(demo, { input: { dims: [1, 1, 4, 4, 4], data: new Float32Array(64) } });
    expect(ok.outputs.output.dims).toEqual([1, 5, 4, 4, 4]);
  });

  it('creates sessions with the execution providers it is given (a GPU worker: cuda first, then cpu)', async () => {
    const cudaLib = path.join(path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so');
    const gpu = createServerRuntime({ intraOpNumThreads: 1, executionProviders: ['cuda', 'cpu'] });
    try {
      const r = await gpu.run(demo, { input: { dims: [1, 1, 4, 4, 4], data: new Float32Array(64) } }).then((x) => x, (e: RuntimeError) => e);
      if (existsSync(cudaLib)) {
        expect((r as { outputs: Record<string, { dims: number[] }> }).outputs.output.dims).toEqual([1, 5, 4, 4, 4]);
      } else {
        // No CUDA provider in this build/machine: the session is refused at load, naming it.
        expect(r).toBeInstanceOf(RuntimeError);
        expect((r as RuntimeError).message).toMatch(/Cuda/);
      }
    } finally {
      await gpu.dispose();
    }
  });

  it('loads a model from bytes when it has no path', async () => {
    const bytes = buildTissueClassifier();
    const { outputs } = await runtime.run({ sha256: '2'.repeat(64), bytes: async () => bytes }, { input: { dims: [1, 1, 4, 4, 4], data: new Float32Array(64).fill(0.5) } });
    expect(outputs.output.data.length).toBe(5 * 64);
    expect(bytes.byteLength).toBeGreaterThan(0); // the caller's bytes were not detached
  });

  it('cancels a queued or running inference with CANCELLED and keeps working', async () => {
    const ac = new AbortController();
    const n = 96 ** 3;
    const pending = runtime.run(demo, { input: { dims: [1, 1, 96, 96, 96], data: new Float32Array(n) } }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    const err = await pending.catch((e) => e);
    expect(err.code).toBe('CANCELLED');
    const ok = await runtime.run(demo, { input: { dims: [1, 1, 4, 4, 4], data: new Float32Array(64) } });
    expect(ok.outputs.output.dims).toEqual([1, 5, 4, 4, 4]);
  });

  it("is registered under 'server-cpu'", async () => {
    const { runtime: r, failures } = await resolveRuntime(['browser-webgpu', 'server-cpu']);
    expect(r.target).toBe('server-cpu');
    expect(failures.map((f) => f.target)).toEqual(['browser-webgpu']);
    expect((await resolveRuntime(['server-cpu'])).runtime).toBe(r); // one shared pool per process
    await r.dispose();
    const fresh = (await resolveRuntime(['server-cpu'])).runtime;
    expect(fresh).not.toBe(r);
    await fresh.dispose();
  });
});
