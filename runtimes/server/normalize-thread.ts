// The server's pre.normalize (registered over the catalogue's by runtimes/server): large volumes
// are normalized on a helper thread, so the event loop stays free (20-55 ms per 128^3 run on 2
// busy cores, 8x that at 256^3). The source is copied once into shared memory (unless it is
// there already); the result comes back on a SharedArrayBuffer. Same code (imaging/ops/normalize.ts).
import type { TypedArray } from '../core/values';
import { normalizeKernelWith } from '../imaging/kernels/pre.normalize.kernel';
import { normalize, type NormalizeOptions } from '../imaging/ops/normalize';
import { HelperThread } from './helper-thread';
import { shared } from './resample-threads';

/** Below this many voxels the copy and message cost about what the loop does. */
export const NORMALIZE_THREAD_FROM = 64 ** 3;

const helper = new HelperThread<{ src: TypedArray; opts: NormalizeOptions; out: Float32Array }>('normalize-worker.mjs', 'normalize thread');

export async function threadedNormalize(src: TypedArray, opts: NormalizeOptions): Promise<Float32Array> {
  if (src.length < NORMALIZE_THREAD_FROM) return normalize(src, opts);
  const out = new Float32Array(new SharedArrayBuffer(src.length * 4));
  await helper.run({ src: shared(src), opts: { ...opts }, out });
  return out;
}

export const normalizeKernel = normalizeKernelWith(threadedNormalize);
