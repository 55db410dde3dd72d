import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../../../domain/models/signature';
import { RuntimeError } from '../../core/errors';
import type { InferenceRuntime, InferenceTensor } from '../../core/inference';
import { identityGeometry } from '../../core/tensor';
import type { TensorValue, VolumeValue } from '../../core/values';
import { planTiles } from '../ops/tile';
import { kernel } from './model.onnx.kernel';
import { testContext } from './testing';

/**
 * A fake runtime that behaves like the worker pool: the feed buffers are transferred away
 * (detached in the caller) and come back as new buffers. The "model" outputs 2 channels per
 * input channel: 2v and -v.
 */
function fakeRuntime() {
  const calls: number[][] = [];
  const runtime: InferenceRuntime = {
    target: 'server-cpu',
    async run(_model, feeds) {
      const [name, feed] = Object.entries(feeds)[0];
      calls.push([...feed.dims]);
      const { byteOffset, length, buffer } = feed.data;
      const moved = new Float32Array(structuredClone(buffer, { transfer: [buffer as ArrayBuffer] }), byteOffset, length);
      if (feed.data.length !== 0) throw new Error('the feed buffer should be detached now');
      const [n, , ...spatial] = feed.dims;
      const per = moved.length / n;
      const out = new Float32Array(moved.length * 2);
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < per; i++) {
          out[b * 2 * per + i] = 2 * moved[b * per + i];
          out[b * 2 * per + per + i] = -moved[b * per + i];
        }
      }
      const output: InferenceTensor = { dims: [n, 2, ...spatial], data: out };
      return { outputs: { logits: output }, inputs: { [name]: { dims: feed.dims, data: moved } } };
    },
    dispose: async () => {},
  };
  return { runtime, calls };
}

const info = (name: string, shape: (number | null)[]): TensorInfo => ({ name, dtype: 'float32', shape });
const signature = (inShape: (number | null)[]) => ({ inputs: [info('image', inShape)], outputs: [info('logits', [null, 2, null, null, null])] });
const ramp = (n: number) => new Float32Array(n).map((_, i) => i + 1);

function setup(inShape: (number | null)[] | undefined) {
  const { runtime, calls } = fakeRuntime();
  const t = testContext({ inference: runtime, resolveModel: async () => ({ sha256: 'a'.repeat(64), signature: inShape && signature(inShape) }) });
  return { ...t, calls };
}
const params = (over: Record<string, unknown> = {}) => ({ model: { sha256: 'a'.repeat(64) }, batchSize: 1, ...over });

describe('model.onnx kernel', () => {
  it('feeds a volume as [1,1,z,y,x] and gives the volume its returned buffer back', async () => {
    const { ctx, calls } = setup([1, 1, null, null, null]);
    const geometry = identityGeometry([4, 3, 2]);
    const vol: VolumeValue = { type: 'volume', dtype: 'float32', geometry, data: ramp(24) };
    const { output } = (await kernel.run({ node: {} as never, params: params(), inputs: { input: vol }, ctx })) as { output: TensorValue };
    expect(calls).toEqual([[1, 1, 2, 3, 4]]);
    expect(Array.from(vol.data)).toEqual(Array.from(ramp(24))); // usable again, not detached
    expect(output.dims).toEqual([1, 2, 2, 3, 4]);
    expect(output.data[23]).toBe(48);
    expect(output.data[24]).toBe(-1);
    expect(output.geometry).toBe(geometry);
  });

  it('copies a tensor that is a view into a larger buffer instead of transferring it', async () => {
    const { ctx } = setup([1, 1, null, null, null]);
    const whole = ramp(30);
    const t: TensorValue = { type: 'tensor', dims: [1, 1, 1, 1, 4], data: whole.subarray(2, 6) };
    const { output } = (await kernel.run({ node: {} as never, params: params(), inputs: { input: t }, ctx })) as { output: TensorValue };
    expect(Array.from(output.data.subarray(0, 4))).toEqual([6, 8, 10, 12]);
    expect(whole.length).toBe(30); // not detached
    expect(t.data.buffer).toBe(whole.buffer);
  });

  it('runs tiles in chunks of batchSize into one output and reports progress per chunk', async () => {
    const { ctx, calls, progress } = setup([null, 1, 2, 2, 2]);
    const plan = planTiles(identityGeometry([10, 2, 2]), 2, 0); // 5 tiles
    const tiles: TensorValue = { type: 'tensor', dims: [5, 1, 2, 2, 2], data: ramp(40), tiling: plan };
    const { output } = (await kernel.run({ node: {} as never, params: params({ batchSize: 2 }), inputs: { input: tiles }, ctx })) as { output: TensorValue };
    expect(calls.map((d) => d[0])).toEqual([2, 2, 1]);
    expect(progress).toEqual([0.4, 0.8, 1]);
    expect(output.dims).toEqual([5, 2, 2, 2, 2]);
    expect(output.tiling).toBe(plan);
    for (let t = 0; t < 5; t++) {
      expect(output.data[t * 16]).toBe(2 * (t * 8 + 1));
      expect(output.data[t * 16 + 8]).toBe(-(t * 8 + 1));
    }
    expect(Array.from(tiles.data)).toEqual(Array.from(ramp(40)));
  });

  it('pads the last chunk when the model batch dim is fixed, and runs whole when it equals N', async () => {
    const fixed = setup([2, 1, 2, 2, 2]);
    const tiles: TensorValue = { type: 'tensor', dims: [3, 1, 2, 2, 2], data: ramp(24), tiling: planTiles(identityGeometry([6, 2, 2]), 2, 0) };
    const a = (await kernel.run({ node: {} as never, params: params({ batchSize: 1 }), inputs: { input: tiles }, ctx: fixed.ctx })) as { output: TensorValue };
    expect(fixed.calls.map((d) => d[0])).toEqual([2, 2]);
    expect(a.output.dims).toEqual([3, 2, 2, 2, 2]);
    expect(a.output.data[2 * 16 + 7]).toBe(48);
    const whole = setup([3, 1, 2, 2, 2]);
    await kernel.run({ node: {} as never, params: params({ batchSize: 1 }), inputs: { input: tiles }, ctx: whole.ctx });
    expect(whole.calls).toEqual([[3, 1, 2, 2, 2]]);
  });

  it('raises SHAPE_MISMATCH when the tensor does not fit the declared input', async () => {
    const { ctx, calls } = setup([1, 1, 64, 64, 64]);
    const vol: VolumeValue = { type: 'volume', dtype: 'float32', geometry: identityGeometry([4, 3, 2]), data: ramp(24) };
    const err = await kernel.run({ node: {} as never, params: params(), inputs: { input: vol }, ctx }).catch((e) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect(err.code).toBe('SHAPE_MISMATCH');
    expect(calls).toEqual([]);
  });

  it('names: from the signature, unknown name is MODEL_INVALID, no signature falls back to params / "input"', async () => {
    const vol = (): VolumeValue => ({ type: 'volume', dtype: 'uint8', geometry: identityGeometry([2, 1, 1]), data: new Uint8Array([1, 2]) });
    const bad = setup([1, 1, null, null, null]);
    const err = await kernel.run({ node: {} as never, params: params({ inputName: 'nope' }), inputs: { input: vol() }, ctx: bad.ctx }).catch((e) => e);
    expect(err.code).toBe('MODEL_INVALID');
    const seen: string[] = [];
    const { ctx } = setup(undefined);
    const run = ctx.inference.run.bind(ctx.inference);
    ctx.inference = { ...ctx.inference, run: (m, feeds, o) => (seen.push(...Object.keys(feeds)), run(m, feeds, o)) };
    const { output } = (await kernel.run({ node: {} as never, params: params(), inputs: { input: vol() }, ctx })) as { output: TensorValue };
    expect(Array.from(output.data)).toEqual([2, 4, -1, -2]);
    await kernel.run({ node: {} as never, params: params({ inputName: 'x' }), inputs: { input: vol() }, ctx });
    expect(seen).toEqual(['input', 'x']);
  });
});
