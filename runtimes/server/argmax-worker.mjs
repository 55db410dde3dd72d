// A helper thread of argmax-thread.ts: the argmax of the channel planes it is posted, written
// into the shared output. Plain .mjs, spawned by file path (worker-path.ts) like resample-worker.mjs.
//   in:  { id, data: Float32Array, channels, out: Uint8Array | Uint16Array (on a SharedArrayBuffer) }
//   out: { id } when done, { id, error } when it failed
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { argmax } from '../imaging/ops/argmax.mjs';

// Its heap is tiny: without a GC the shared logits it was posted would stay referenced here (ort-worker.mjs).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');

parentPort.on('message', ({ id, data, channels, out }) => {
  try {
    argmax(data, channels, out);
    parentPort.postMessage({ id });
    setImmediate(collect);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});
