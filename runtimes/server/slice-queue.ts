// CT slices filled on two threads while the headers are still being read: this thread
// publishes each slice as soon as it knows where it goes, a helper thread takes it at once, and
// this thread joins in when it has nothing else to do (finish). Each job is claimed by exactly
// one thread, so the faster thread takes more. Lock-free over a SharedArrayBuffer (Atomics);
// the volume must be a shared simdBuffer for the helper, else this thread does all of it.
import { kernelOf, sharedKernelOf } from '../imaging/dicom/simd-rescale';
import { drainQueue, fillSlice, type SliceJob } from './slice-fill.mjs';
import { HelperThread } from './helper-thread';

/** Below this many pixel bytes a second thread costs more (a message round trip) than it saves. */
const PARALLEL_FROM = 8 << 20;
/** control words, as drainQueue reads them. */
const [FAILED, PUBLISHED, CLOSED, SIGNAL] = [1, 2, 3, 4];

export class SliceQueue {
  private readonly control = new Int32Array(new SharedArrayBuffer(20));
  private readonly table: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly helperDone: Promise<void>;
  /** Jobs this thread took in finish (the rest went to the helper thread). */
  takenHere = 0;

  /**
   * Up to `capacity` jobs into `buffer`; a helper thread starts waiting for them at once when
   * `bytes` (the pixel bytes expected) >= `parallelFrom` and the buffer is a shared simdBuffer.
   */
  constructor(buffer: ArrayBufferLike, capacity: number, bytes: number, parallelFrom = PARALLEL_FROM) {
    this.table = new Float64Array(new SharedArrayBuffer(Math.max(1, capacity) * 48));
    this.bytes = new Uint8Array(buffer);
    const memory = sharedKernelOf(buffer);
    this.helperDone = memory && bytes >= parallelFrom
      // A lost helper thread may have claimed a job it never finished: the queue has failed.
      ? helper().run({ ...memory, control: this.control, table: this.table }).catch(() => void Atomics.store(this.control, FAILED, 1))
      : Promise.resolve();
  }

  /** Publishes one job (at most `capacity`, none after finish or cancel). */
  push(job: SliceJob): void {
    const i = Atomics.load(this.control, PUBLISHED);
    if (i * 6 >= this.table.length || Atomics.load(this.control, CLOSED)) throw new Error('SliceQueue: push beyond capacity or after close');
    this.table.set([job.fd, job.pixelOffset, job.pixelBytes, job.tail, job.dst, job.intercept], i * 6);
    Atomics.store(this.control, PUBLISHED, i + 1);
    this.signal();
  }

  /**
   * No more jobs: this thread takes what is left, then waits for the helper. Whether every job
   * succeeded (false on a short read, an int16 overflow or a lost helper thread).
   */
  async finish(): Promise<boolean> {
    this.close();
    const kernel = kernelOf(this.bytes.buffer);
    drainQueue(this.control, this.table, (job) => (this.takenHere++, fillSlice(this.bytes, kernel, job)));
    await this.helperDone;
    return Atomics.load(this.control, FAILED) === 0;
  }

  /** Stops the queue (no job starts after this) and waits until no read runs any more. */
  async cancel(): Promise<void> {
    Atomics.store(this.control, FAILED, 1);
    this.close();
    await this.helperDone;
  }

  private close() {
    Atomics.store(this.control, CLOSED, 1);
    this.signal();
  }

  private signal() {
    Atomics.add(this.control, SIGNAL, 1);
    Atomics.notify(this.control, SIGNAL);
  }
}

interface DrainRequest { memory: WebAssembly.Memory; module: WebAssembly.Module; control: Int32Array; table: Float64Array }

/** One helper thread per process, started on first use. */
let instance: HelperThread<DrainRequest> | undefined;
const helper = () => (instance ??= new HelperThread<DrainRequest>('slice-worker.mjs', 'slice reader thread'));
