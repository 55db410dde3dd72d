// CT slices filled on two threads: a helper thread starts on the jobs at once, and this thread
// joins in (finish). Each job is claimed by exactly one thread, so the faster thread takes more.
// Lock-free over a SharedArrayBuffer (Atomics); the volume must be a shared simdBuffer for the
// helper, else this thread does all of it.
import { readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { kernelOf, sharedKernelOf } from '../imaging/dicom/simd-rescale';
import { drainQueue, fillSlice, type SliceJob } from './slice-fill';

/** Bytes per read: the chunk is rescaled right after its read, while it is in the CPU cache. */
const CHUNK = 128 << 10;
/** Below this many pixel bytes a second thread costs more (a message round trip) than it saves. */
export const PARALLEL_FROM = 8 << 20;
/** control[FAILED]: a job failed (control[0] is the next job to claim). */
const FAILED = 1;

export class SliceQueue {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly table: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly helperDone: Promise<void>;
  /** Jobs this thread took in finish (the rest went to the helper thread). */
  takenHere = 0;

  /** `jobs` into `buffer`; a helper thread starts on them at once when they hold >= `parallelFrom` bytes and the buffer is shared. */
  constructor(buffer: ArrayBufferLike, jobs: SliceJob[], parallelFrom = PARALLEL_FROM) {
    this.table = new Float64Array(new SharedArrayBuffer(jobs.length * 40));
    jobs.forEach((j, i) => this.table.set([j.fd, j.pixelOffset, j.pixelBytes, j.dst, j.intercept], i * 5));
    this.bytes = new Uint8Array(buffer);
    const memory = sharedKernelOf(buffer);
    const total = jobs.reduce((a, j) => a + j.pixelBytes, 0);
    this.helperDone = memory && total >= parallelFrom
      // A lost helper thread may have claimed a job it never finished: the queue has failed.
      ? helper().drain({ ...memory, control: this.control, table: this.table, chunk: CHUNK }).catch(() => void Atomics.store(this.control, FAILED, 1))
      : Promise.resolve();
  }

  /**
   * This thread takes what is left, then waits for the helper. Whether every job succeeded
   * (false on a short read, an int16 overflow or a lost helper thread).
   */
  async finish(): Promise<boolean> {
    const kernel = kernelOf(this.bytes.buffer);
    drainQueue(this.control, this.table, (job) => (this.takenHere++, fillSlice(this.bytes, kernel, readSync, job, CHUNK)));
    await this.helperDone;
    return Atomics.load(this.control, FAILED) === 0;
  }
}

interface DrainRequest { memory: WebAssembly.Memory; module: WebAssembly.Module; control: Int32Array; table: Float64Array; chunk: number }

/** The helper thread's whole program: drainQueue with fillSlice on the posted shared memory. */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const fillSlice = ${fillSlice.toString()};
const drainQueue = ${drainQueue.toString()};
parentPort.on('message', ({ id, memory, module, control, table, chunk }) => {
  try {
    const kernel = new WebAssembly.Instance(module, { m: { mem: memory } }).exports;
    const bytes = new Uint8Array(memory.buffer);
    drainQueue(control, table, (job) => fillSlice(bytes, kernel, readSync, job, chunk));
    parentPort.postMessage({ id });
  } catch (e) {
    Atomics.store(control, 1, 1);
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});`;

/** One helper thread per process, started on first use; it holds the process open only while busy. */
class Helper {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  drain(request: DrainRequest): Promise<void> {
    const worker = this.start();
    const id = this.next++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, ...request });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(SOURCE, { eval: true });
    worker.on('message', (m: { id: number; error?: string }) => {
      const job = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error !== undefined) job?.reject(new Error(`slice reader thread: ${m.error}`));
      else job?.resolve();
    });
    const fail = (e: Error) => {
      this.worker = null; // the next queue starts a new thread
      for (const job of this.pending.values()) job.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`slice reader thread exited (${code})`)));
    worker.unref();
    return (this.worker = worker);
  }
}

let instance: Helper | undefined;
const helper = () => (instance ??= new Helper());
