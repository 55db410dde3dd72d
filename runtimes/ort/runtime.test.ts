import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { RuntimeError } from '../core/errors';
import { createOrtRuntime } from './runtime';
import { nodeSessionOptions } from './sessions.mjs';

const runtime = createOrtRuntime(ort, { target: 'edge-node', sessionOptions: nodeSessionOptions(1) });
afterAll(() => runtime.dispose());
const bytes = buildTissueClassifier();
const demo = { sha256: 'd'.repeat(64), bytes: async () => bytes };
const feed = (dims: number[], n = dims.reduce((a, b) => a * b, 1)) => ({ input: { dims, data: new Float32Array(n).fill(0.5) } });

describe('the common onnxruntime adapter (onnxruntime-node in this thread)', () => {
  it('runs a model, keeps one session per sha256 and hands back the caller\'s feeds', async () => {
    const feeds = feed([1, 1, 4, 4, 4]);
    const { outputs, inputs } = await runtime.run(demo, feeds);
    expect(outputs.output.dims).toEqual([1, 5, 4, 4, 4]);
    expect(outputs.output.data).toBeInstanceOf(Float32Array);
    expect(inputs.input).toBe(feeds.input);
    await runtime.run(demo, feed([1, 1, 2, 2, 2]));
    expect(runtime.sessions).toBe(1);
  });

  it('maps failures to typed errors, and forgets a model that failed to load', async () => {
    const wrongRank = await runtime.run(demo, feed([1, 8, 8])).catch((e) => e);
    expect(wrongRank).toBeInstanceOf(RuntimeError);
    expect(wrongRank.code).toBe('SHAPE_MISMATCH');
    expect(wrongRank.details).toMatchObject({ sha256: demo.sha256, target: 'edge-node' });
    expect((await runtime.run(demo, feed([1, 1, 4, 4, 4], 10)).catch((e) => e)).code).toBe('SHAPE_MISMATCH');
    const junk = { sha256: 'f'.repeat(64), bytes: async () => new TextEncoder().encode('not a model') };
    expect((await runtime.run(junk, feed([1])).catch((e) => e)).code).toBe('MODEL_INVALID');
    expect(runtime.sessions).toBe(1);
    const none = await runtime.run({ sha256: '1'.repeat(64), path: '/nope.onnx' }, feed([1])).catch((e) => e);
    expect(none.code).toBe('MODEL_NOT_FOUND');
    expect(none.message).toContain('no bytes for edge-node');
  });

  it('lets a failing model source (a fetch) throw its own error', async () => {
    const err = await runtime.run({ sha256: '2'.repeat(64), bytes: () => Promise.reject(new Error('HTTP 404')) }, feed([1])).catch((e) => e);
    expect(err).not.toBeInstanceOf(RuntimeError);
    expect(err.message).toBe('HTTP 404');
  });

  it('refuses a run whose signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    expect((await runtime.run(demo, feed([1, 1, 2, 2, 2]), { signal: ac.signal }).catch((e) => e)).code).toBe('CANCELLED');
  });
});
