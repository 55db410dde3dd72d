import { describe, expect, it } from 'vitest';
import { makeHeadPhantom } from '../../demo/phantom';
import { normalize, type NormalizeOptions } from '../imaging/ops/normalize';
import { NORMALIZE_THREAD_FROM, threadedNormalize } from './normalize-thread';

const same = (a: Float32Array, b: Float32Array) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

describe('pre.normalize on the helper thread', () => {
  const { volume } = makeHeadPhantom({ size: 72 });

  it.each<NormalizeOptions>([
    { method: 'min-max', windowCenter: 0, windowWidth: 1, nonzeroOnly: false },
    { method: 'z-score', windowCenter: 0, windowWidth: 1, nonzeroOnly: true },
    { method: 'window-level', windowCenter: 300, windowWidth: 400, nonzeroOnly: false },
  ])('gives the in-thread values bit for bit ($method, nonzeroOnly $nonzeroOnly), on shared memory', async (opts) => {
    expect(volume.data.length).toBeGreaterThanOrEqual(NORMALIZE_THREAD_FROM);
    const got = await threadedNormalize(volume.data, opts);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer); // computed by the helper, not here
    expect(same(got, normalize(volume.data, opts))).toBe(true);
  });

  it('keeps small volumes on this thread', async () => {
    const small = makeHeadPhantom({ size: 16 }).volume.data;
    const opts: NormalizeOptions = { method: 'min-max', windowCenter: 0, windowWidth: 1, nonzeroOnly: false };
    const got = await threadedNormalize(small, opts);
    expect(got.buffer).toBeInstanceOf(ArrayBuffer);
    expect(same(got, normalize(small, opts))).toBe(true);
  });
});
