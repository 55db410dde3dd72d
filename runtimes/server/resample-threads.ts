// Resampling on several threads (the server's geometry kernels, resample-kernels.ts): the
// output's slices are claimed a few at a time by this thread and helper threads over shared
// memory (resample-drain.mjs). Every voxel is computed by the same code whichever thread takes
// it (imaging/ops/resample-slab.mjs), so the result does not depend on the number of threads.
import { availableParallelism } from 'node:os';
import type { TypedArray } from '../core/values';
import type { SlabJob } from '../imaging/ops/resample-slab.mjs';
import { planResample, resample, type ResampleMemory, type Resampler } from '../imaging/ops/resample';
import { HelperThread } from './helper-thread';
import { drainSlabs, markFailed } from './resample-drain.mjs';

/** Below this many output voxels one thread is quicker than a message round trip to others. */
const PARALLEL_FROM = 1 << 20;
/** Threads by default (this one included): the cores, up to 4. */
const DEFAULT_THREADS = Math.min(4, availableParallelism());

const sharedMemory: ResampleMemory = {
  output: (kind, bytes) => new kind(new SharedArrayBuffer(bytes)),
  coefficients: (length) => new Float64Array(new SharedArrayBuffer(length * 8)),
};

/** `src` itself when the helpers can see it (shared memory), else a shared copy. */
export function shared(src: TypedArray): TypedArray {
  if (src.buffer instanceof SharedArrayBuffer) return src;
  const copy = new (src.constructor as new (buffer: ArrayBufferLike) => TypedArray)(new SharedArrayBuffer(src.byteLength));
  copy.set(src as never);
  return copy;
}

export interface ThreadedResampler {
  resample: Resampler;
  threads: number;
  /** Output slices this thread filled in the last resampling on several threads (the helpers did the rest). */
  slicesHere: number;
  /** Ends the helper threads (they also let the process exit while idle). */
  dispose(): Promise<void>;
}

export interface ThreadedOptions {
  /** Threads, this one included (default: the cores, up to 4). */
  threads?: number;
  /** Outputs of fewer voxels stay on this thread. */
  parallelFrom?: number;
  /** The helpers' script, next to helper-thread.ts. */
  script?: string;
}

/**
 * A resampler on several threads (this one and helpers, started on first use) for large
 * outputs; smaller ones stay on this thread. A helper that cannot start or is lost costs time,
 * not the result: unless this thread filled every slice itself, the resampling is redone here.
 */
export function threadedResampler({ threads = DEFAULT_THREADS, parallelFrom = PARALLEL_FROM, script = 'resample-worker.mjs' }: ThreadedOptions = {}): ThreadedResampler {
  const helpers = Array.from({ length: Math.max(0, threads - 1) }, () => new HelperThread<{ job: SlabJob; control: Int32Array }>(script, 'resample thread'));
  const self: ThreadedResampler = {
    threads,
    slicesHere: 0,
    resample: async (src, from, to, interpolation, padValue = 0, options = {}) => {
      if (helpers.length === 0 || to.dims[0] * to.dims[1] * to.dims[2] < parallelFrom) return resample(src, from, to, interpolation, padValue, options);
      const job = planResample(shared(src), from, to, interpolation, padValue, options, sharedMemory);
      const control = new Int32Array(new SharedArrayBuffer(8));
      const done = Promise.allSettled(helpers.map(async (h) => h.run({ job, control })));
      try {
        self.slicesHere = drainSlabs(job, control);
      } catch (e) {
        markFailed(control);
        await done;
        throw e;
      }
      const lost = (await done).some((r) => r.status === 'rejected');
      return lost && self.slicesHere < to.dims[2] ? resample(src, from, to, interpolation, padValue, options) : job.out;
    },
    dispose: async () => void (await Promise.all(helpers.map((h) => h.stop()))),
  };
  return self;
}

/** The process's threaded resampler (runtimes/server's geometry kernels). */
export const serverResampler = threadedResampler();
