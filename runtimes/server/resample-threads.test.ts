import { afterAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../core/values';
import { lookupKernel } from '../core/registry';
import { identityGeometry } from '../imaging/geometry';
import { resample } from '../imaging/ops/resample';
import './index';
import { resampleKernels } from './resample-kernels';
import { threadedResampler } from './resample-threads';

// 48x40x36 with a pattern in every voxel; every output of at least 1 voxel goes to 2 threads.
const from: Geometry = { ...identityGeometry([48, 40, 36], [1, 1.2, 0.9]), origin: [3, -2, 1] };
const src = new Uint8Array(48 * 40 * 36).map((_, i) => (i * 2654435761) >>> 24);
const c = Math.cos(0.15), s = Math.sin(0.15);
const grids: Record<string, Geometry> = {
  oblique: { dims: [45, 43, 41], spacing: [1.1, 1, 1], origin: [1, 0, -1], direction: [c, s, 0, -s * 0.8, c * 0.8, 0.6, s * 0.6, -c * 0.6, 0.8] },
  'axis-aligned, permuted': { dims: [30, 50, 44], spacing: [1, 1, 1], origin: [50, 40, 0], direction: [0, -1, 0, -1, 0, 0, 0, 0, 1] },
};
const two = threadedResampler({ threads: 2, parallelFrom: 1 });
afterAll(() => two.dispose());

describe('resampling on 2 threads', () => {
  for (const [name, to] of Object.entries(grids)) {
    it.each(['nearest', 'linear', 'cubic'] as const)(`%s onto a grid ${name}: bit-identical to 1 thread`, async (mode) => {
      const one = resample(src, from, to, mode, -1);
      const bytes = (a: typeof one) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      // Which thread takes which slices is up to the scheduler: until the helper took some (bounded).
      let helped = false;
      for (let attempt = 0; attempt < 20 && !helped; attempt++) {
        const got = await two.resample(src, from, to, mode, -1);
        expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(got.constructor).toBe(one.constructor);
        expect(bytes(got).equals(bytes(one))).toBe(true);
        helped = two.slicesHere < to.dims[2];
      }
      expect(helped).toBe(true);
    });
  }

  it('scales to uint8 on the way (conform) as on 1 thread', async () => {
    const opts = { toUint8: [10, 200] as [number, number] };
    const got = await two.resample(src, from, grids.oblique, 'linear', 10, opts);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(got)).toEqual(Array.from(resample(src, from, grids.oblique, 'linear', 10, opts)));
  });

  it('without a helper thread (its script missing) still gives the same result', async () => {
    const orphan = threadedResampler({ threads: 2, parallelFrom: 1, script: 'no-such-resample-worker.mjs' });
    const got = await orphan.resample(src, from, grids.oblique, 'linear');
    expect(orphan.slicesHere).toBe(grids.oblique.dims[2]);
    expect(Array.from(got)).toEqual(Array.from(resample(src, from, grids.oblique, 'linear')));
    await orphan.dispose();
  });

  it('keeps small outputs on this thread', async () => {
    const small = threadedResampler({ threads: 2, parallelFrom: 1e9 });
    const got = await small.resample(src, from, grids.oblique, 'linear');
    expect(got.buffer).toBeInstanceOf(ArrayBuffer);
    await small.dispose();
  });

  it('resamples a volume already in shared memory (as a DICOM volume is)', async () => {
    const inShared = new Uint8Array(new SharedArrayBuffer(src.length));
    inShared.set(src);
    const got = await two.resample(inShared, from, grids.oblique, 'nearest');
    expect(Array.from(got)).toEqual(Array.from(resample(src, from, grids.oblique, 'nearest')));
  });

  it('are the geometry kernels the registry hands out once runtimes/server is loaded', () => {
    for (const k of resampleKernels) expect(lookupKernel(k.kind, k.version)).toBe(k);
    expect(resampleKernels.map((k) => k.kind).sort()).toEqual(['post.to-input-grid', 'pre.conform', 'pre.resample']);
  });
});
