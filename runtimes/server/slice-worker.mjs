// The slice reader thread of slice-queue.ts: drainQueue with fillSlice on the shared volume
// memory it is posted, the SIMD kernel instantiated on that same memory. Plain .mjs, spawned
// by file path (worker-path.ts) from Next.js, tsx, vitest and the Temporal worker alike.
//   in:  { id, memory: WebAssembly.Memory (shared), module: WebAssembly.Module, control, table }
//   out: { id } when the queue is drained, { id, error } when this thread failed (the queue is marked failed)
import { parentPort } from 'node:worker_threads';
import { drainQueue, fillSlice } from './slice-fill.mjs';

parentPort.on('message', ({ id, memory, module, control, table }) => {
  try {
    const kernel = new WebAssembly.Instance(module, { m: { mem: memory } }).exports;
    const bytes = new Uint8Array(memory.buffer);
    drainQueue(control, table, (job) => fillSlice(bytes, kernel, job));
    parentPort.postMessage({ id });
  } catch (e) {
    Atomics.store(control, 1, 1);
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});
