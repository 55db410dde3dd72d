// A helper thread of argmax-thread.ts: the argmax of the channel planes it is posted, written
// into the shared output. Plain .mjs, spawned by file path (worker-path.ts) like resample-worker.mjs.
//   in:  { id, data: Float32Array, channels, out: Uint8Array | Uint16Array (on a SharedArrayBuffer) }
//   out: { id } when done, { id, error } when it failed
import { parentPort } from 'node:worker_threads';
import { argmax } from '../imaging/ops/argmax.mjs';
import { collectSoon } from './thread-support.mjs';

parentPort.on('message', ({ id, data, channels, out }) => {
  try {
    argmax(data, channels, out);
    parentPort.postMessage({ id });
    collectSoon(); // its heap is tiny: without a GC the shared logits it was posted would stay referenced here
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});
