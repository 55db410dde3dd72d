import { describe, expect, it } from 'vitest';
import { argmax } from '../imaging/ops/argmax';
import { threadedArgmax } from './argmax-thread';

/** Deterministic pseudo-random logits (ties included: values on a coarse grid). */
function logits(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 24) / 16;
  }
  return out;
}

describe('argmax on the helper thread', () => {
  it.each([2, 3, 5])('gives the same labels as the in-thread argmax (%i channels), on shared memory', async (channels) => {
    const data = logits(channels * 96 ** 3, channels);
    const expected = argmax(data, channels);
    const got = await threadedArgmax(data, channels);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer); // computed by the helper, not here
    expect(Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(0);
  });

  it('keeps small inputs on this thread', async () => {
    const got = await threadedArgmax(logits(3 * 1000, 7), 3);
    expect(got.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(got)).toEqual(Array.from(argmax(logits(3 * 1000, 7), 3)));
  });

  it('fails as the in-thread argmax does on bad channel counts', async () => {
    await expect(threadedArgmax(new Float32Array(3 * 2 ** 20 + 1), 3)).rejects.toThrow(/do not split into 3 channels/);
  });
});
