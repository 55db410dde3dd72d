// The server's post.argmax (registered over the catalogue's by runtimes/server): large label
// maps are computed on a helper thread, so the event loop stays free (a 5-class 128^3 argmax
// blocked it 80-320 ms on 2 busy cores). The logits are copied once into shared memory; the
// labels come back on a SharedArrayBuffer. Same code (imaging/ops/argmax.mjs), same result.
import { argmaxKernelWith } from '../imaging/kernels/post.argmax.kernel';
import { argmax } from '../imaging/ops/argmax';
import { HelperThread } from './helper-thread';

/** Below this many logits the copy and message cost more than the loop. */
const THREAD_FROM = 1 << 20;

const helper = new HelperThread<{ data: Float32Array; channels: number; out: Uint8Array | Uint16Array }>('argmax-worker.mjs', 'argmax thread');

export async function threadedArgmax(data: Float32Array, channels: number): Promise<Uint8Array | Uint16Array> {
  if (data.length < THREAD_FROM || channels < 1 || data.length % channels !== 0) return argmax(data, channels);
  const logits = data.buffer instanceof SharedArrayBuffer ? data : new Float32Array(new SharedArrayBuffer(data.byteLength));
  if (logits !== data) logits.set(data);
  const vox = data.length / channels;
  const out = channels > 256 ? new Uint16Array(new SharedArrayBuffer(vox * 2)) : new Uint8Array(new SharedArrayBuffer(vox));
  await helper.run({ data: logits, channels, out });
  return out;
}

export const argmaxKernel = argmaxKernelWith(threadedArgmax);
