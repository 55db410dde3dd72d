// Output slices claimed a few at a time by every thread of a threaded resampling
// (resample-threads.ts here, resample-worker.mjs on the helpers): the faster thread takes more.
// Plain JS (types in resample-drain.d.mts) so the helper thread can import it by file path.
import { slabResampler } from '../imaging/ops/resample-slab.mjs';

/** Slices per claim: small enough to balance two threads, large enough that claims cost nothing. */
const SLICES = 2;
/** control words: [0] the next unclaimed slice, [1] 1 once a thread failed (the others stop claiming). */
const NEXT = 0, FAILED = 1;

/** @type {import('./resample-drain.d.mts').drainSlabs} */
export function drainSlabs(job, control) {
  const run = slabResampler(job);
  const oz = job.outDims[2];
  let filled = 0;
  while (Atomics.load(control, FAILED) === 0) {
    const k0 = Atomics.add(control, NEXT, SLICES);
    if (k0 >= oz) break;
    run(k0, Math.min(oz, k0 + SLICES));
    filled += Math.min(oz, k0 + SLICES) - k0;
  }
  return filled;
}

/** @type {import('./resample-drain.d.mts').markFailed} */
export function markFailed(control) {
  Atomics.store(control, FAILED, 1);
}
