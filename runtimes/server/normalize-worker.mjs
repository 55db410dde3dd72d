// A helper thread of normalize-thread.ts: imaging/ops/normalize.ts (TypeScript: thread-support.mjs
// importSource) over shared memory. Spawned by file path like argmax-worker.mjs.
//   in:  { id, src: TypedArray, opts: NormalizeOptions, out: Float32Array } (both on SharedArrayBuffers)
//   out: { id } when done, { id, error } when it failed
import { parentPort } from 'node:worker_threads';
import { collectSoon, importSource } from './thread-support.mjs';

const loaded = importSource('runtimes/imaging/ops/normalize.ts');
loaded.catch(() => undefined); // reported per request below

parentPort.on('message', async ({ id, src, opts, out }) => {
  try {
    const { normalize } = await loaded;
    normalize(src, opts, out);
    parentPort.postMessage({ id });
    collectSoon(); // the shared volumes it was posted must not stay referenced here
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});
