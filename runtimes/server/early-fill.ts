// CT slices read while the header pass is still running (two threads: slice-queue.ts). The
// volume order is only certain once every header is walked, so each slice goes to a PREDICTED
// place: the first and the last file's positions along the slice normal give the extent and
// the step, and every later file's position its slot. Files whose slot is not a whole step,
// out of range or already taken are left for afterwards; so are files the queue cannot take.
// Once the real order is known, every slot whose prediction was wrong is read again by its
// real owner: correct whatever the file order, and free when the prediction holds (files
// named in slice order, either way round, even with slices missing at the ends).
import { cross, dot } from '../imaging/geometry';
import { volumeBuffer } from '../imaging/dicom/simd-rescale';
import type { FileHead } from './dicom-file-heads';
import { SliceQueue } from './slice-queue';

/** What the queue can take: int16 stored values, slope 1, an intercept that fits int16 (the output is then int16). */
export const isCtSlice = (h: FileHead) =>
  h.dtype === 'int16' && h.inst.slope === 1 && Number.isInteger(h.inst.intercept) && h.inst.intercept >= -32768 && h.inst.intercept <= 32767;

/** A predicted position this far from a whole step (in steps) is not trusted. */
const OFF_STEP = 0.25;

export interface EarlyResult {
  /** The volume buffer the slices went to (int16, `n` slices of the first file's size). */
  buffer: ArrayBuffer;
  /** done[k]: slot k already holds its own slice (rescaled), by the real order. */
  done: boolean[];
}

export class EarlyFill {
  private readonly queue: SliceQueue;
  readonly buffer: ArrayBuffer;
  /** placed[i]: the slot file i was read into, -1 when none. */
  private readonly placed: Int32Array;
  private readonly taken: Uint8Array;

  private constructor(private readonly n: number, private readonly sliceBytes: number, private readonly predict: (h: FileHead, i: number) => number, into: ArrayBuffer | undefined, parallelFrom: number | undefined) {
    const bytes = n * sliceBytes;
    this.buffer = volumeBuffer(into, bytes, { shared: true });
    this.queue = new SliceQueue(this.buffer, n, bytes, parallelFrom);
    this.placed = new Int32Array(n).fill(-1);
    this.taken = new Uint8Array(n);
  }

  /** Starts from the first and the last file of `n` when both are CT slices of one size, else undefined. */
  static start(first: FileHead, last: FileHead, n: number, into?: ArrayBuffer, parallelFrom?: number): EarlyFill | undefined {
    if (n < 2 || !isCtSlice(first) || !isCtSlice(last) || first.pixelBytes !== last.pixelBytes) return undefined;
    return new EarlyFill(n, first.pixelBytes, predictor(first, last, n), into, parallelFrom);
  }

  /** File `i`'s slice (open as `fd`) to its predicted slot, when it has a free one. */
  add(i: number, h: FileHead, fd: number): void {
    if (!isCtSlice(h) || h.pixelBytes !== this.sliceBytes) return;
    const k = this.predict(h, i);
    if (k < 0 || this.taken[k]) return;
    this.taken[k] = 1;
    this.placed[i] = k;
    this.queue.push({ fd, pixelOffset: h.pixelOffset, pixelBytes: h.pixelBytes, tail: h.tail, dst: k * this.sliceBytes, intercept: h.inst.intercept });
  }

  /**
   * Waits for every read. `order[k]` = the file of volume slot k. null when a read failed or a
   * value left int16 (the in-memory reader redoes the series).
   */
  async finish(order: number[]): Promise<EarlyResult | null> {
    if (!(await this.queue.finish())) return null;
    return { buffer: this.buffer, done: order.map((file, k) => this.placed[file] === k) };
  }

  /** Waits until no read runs (on any error before finish: the caller closes the files next). */
  cancel(): Promise<void> {
    return this.queue.cancel();
  }
}

/**
 * Slot of a file from its position along the first file's slice normal: the first and the last
 * file span the volume (whichever way round), so slot = (d - lowest) / step. Without positions,
 * or when both lie at the same place, file order. -1 when the position is not on the grid.
 */
function predictor(first: FileHead, last: FileHead, n: number): (h: FileHead, i: number) => number {
  const o = first.inst.orientation;
  const normal = o && cross(o, o.slice(3));
  const along = (h: FileHead) => (h.inst.position && normal ? dot(h.inst.position, normal) : NaN);
  const [a, b] = [along(first), along(last)];
  const step = Math.abs(b - a) / (n - 1);
  if (!(step > 1e-6)) return (_, i) => i;
  const lowest = Math.min(a, b);
  return (h) => {
    const at = (along(h) - lowest) / step;
    const k = Math.round(at);
    return Math.abs(at - k) <= OFF_STEP && k >= 0 && k < n ? k : -1;
  };
}
