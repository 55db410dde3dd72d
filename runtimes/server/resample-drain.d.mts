// Types of resample-drain.mjs.
import type { SlabJob } from '../imaging/ops/resample-slab.d.mts';

/** Claims and fills output slices of `job` until none is left or a thread failed (`control`: 2 shared int32); how many it filled. */
export function drainSlabs(job: SlabJob, control: Int32Array): number;
export function markFailed(control: Int32Array): void;
