// A helper thread of resample-threads.ts: fills the output slices it claims, on the shared
// memory it is posted. Plain .mjs, spawned by file path (worker-path.ts) like slice-worker.mjs.
//   in:  { id, job: SlabJob (typed arrays on SharedArrayBuffers), control: Int32Array (shared) }
//   out: { id } when no slice is left, { id, error } when this thread failed (control marked failed)
import { parentPort } from 'node:worker_threads';
import { drainSlabs, markFailed } from './resample-drain.mjs';

parentPort.on('message', ({ id, job, control }) => {
  try {
    drainSlabs(job, control);
    parentPort.postMessage({ id });
  } catch (e) {
    markFailed(control);
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});
