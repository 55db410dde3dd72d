import { unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256HexSync } from '../../runtimes/server/sha256';
import { zipOffThread } from './zip-deflate';

/** Compressible but not trivial bytes (a small LCG over a few symbols). */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (x >>> 24) & 0x0f;
  }
  return out;
}

describe('zipOffThread', () => {
  it('writes the bytes zipSync writes, large entries deflated on worker threads', async () => {
    const mtime = new Date('2000-01-01T00:00:00Z');
    const model = bytes(400_000, 1); // above fflate's 160 kB: a worker deflates it
    const files: Zippable = {
      'manifest.json': [new TextEncoder().encode('{"a":1}\n'), { mtime, level: 9 }],
      'models/a.onnx': [model, { mtime, level: 6 }],
      'models/b.onnx': [bytes(300_000, 2), { mtime, level: 9 }],
      'stored.bin': [bytes(200_000, 3), { mtime, level: 0 }],
    };
    const off = await zipOffThread(files);
    expect(sha256HexSync(off)).toBe(sha256HexSync(zipSync(files)));
    expect(sha256HexSync(unzipSync(off)['models/a.onnx'])).toBe(sha256HexSync(model));
    expect(model.byteLength).toBe(400_000); // copied to the worker, not transferred away
  });
});
