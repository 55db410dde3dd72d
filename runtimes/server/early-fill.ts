// CT slices read while the header pass is still running. The slice order is only known once
// every header is walked, so the pixels go to a PREDICTED place: file order, or its reverse
// when the last file lies before the first along the slice normal (the order scanners and
// PACS export in). Once the real order is known, misplaced slices are moved (one pass over
// them); in the usual case none are.
import type { FileHead } from './dicom-file-heads';
import { simdBuffer } from '../imaging/dicom/simd-rescale';
import { SliceQueue } from './slice-queue';

/** What the queue can take: int16 stored values, slope 1, an intercept that fits int16 (the output is then int16). */
export const isCtSlice = (h: FileHead) =>
  h.dtype === 'int16' && h.inst.slope === 1 && Number.isInteger(h.inst.intercept) && h.inst.intercept >= -32768 && h.inst.intercept <= 32767;

export class EarlyFill {
  private readonly queue: SliceQueue;
  private readonly data: Int16Array;
  private stopped = false;

  private constructor(private readonly n: number, private readonly sliceBytes: number, private readonly ascending: boolean, into: ArrayBuffer | undefined, parallelFrom: number | undefined) {
    const bytes = n * sliceBytes;
    const buffer = into && into.byteLength >= bytes ? into : simdBuffer(bytes, { shared: true });
    this.data = new Int16Array(buffer, 0, bytes >> 1);
    this.queue = new SliceQueue(buffer, n, bytes, parallelFrom);
  }

  /** Starts on the first and the last file of `n` when both are CT slices of one size, else undefined. */
  static start(first: FileHead, last: FileHead, n: number, into?: ArrayBuffer, parallelFrom?: number): EarlyFill | undefined {
    if (!isCtSlice(first) || !isCtSlice(last) || first.pixelBytes !== last.pixelBytes) return undefined;
    return new EarlyFill(n, first.pixelBytes, along(first) <= along(last), into, parallelFrom);
  }

  /** File `i`'s slice (open as `fd`) to its predicted place; a slice the queue cannot take stops it. */
  add(i: number, h: FileHead, fd: number): void {
    if (this.stopped) return;
    if (!isCtSlice(h) || h.pixelBytes !== this.sliceBytes) {
      this.stopped = true;
      return;
    }
    const dst = this.predicted(i) * this.sliceBytes;
    this.queue.push({ fd, pixelOffset: h.pixelOffset, pixelBytes: h.pixelBytes, dst, intercept: h.inst.intercept });
  }

  /**
   * `order[k]` = the file of volume slice k. The volume's values when every slice was taken and
   * read (after moving misplaced slices), null when a read failed or a value left int16 (the
   * in-memory reader redoes the series), undefined when some slice was not taken (the general
   * path redoes it).
   */
  async finish(order: number[]): Promise<Int16Array | null | undefined> {
    if (this.stopped) {
      await this.queue.cancel();
      return undefined;
    }
    if (!(await this.queue.finish())) return null;
    this.reorder(order);
    return this.data;
  }

  /** Waits until no read runs (on any error before finish: the caller closes the files next). */
  cancel(): Promise<void> {
    return this.queue.cancel();
  }

  private predicted(i: number): number {
    return this.ascending ? i : this.n - 1 - i;
  }

  /** Moves each slice from its predicted place to its real one, cycle by cycle through one slice of scratch. */
  private reorder(order: number[]): void {
    const from = order.map((file) => this.predicted(file)); // from[k]: where slice k's values are now
    if (from.every((p, k) => p === k)) return;
    const plane = this.sliceBytes >> 1;
    const slice = (k: number) => this.data.subarray(k * plane, (k + 1) * plane);
    const scratch = new Int16Array(plane);
    const done = new Uint8Array(this.n);
    for (let start = 0; start < this.n; start++) {
      if (done[start] || from[start] === start) continue;
      scratch.set(slice(start));
      let k = start;
      for (;;) {
        done[k] = 1;
        const src = from[k];
        if (src === start) {
          slice(k).set(scratch);
          break;
        }
        this.data.copyWithin(k * plane, src * plane, (src + 1) * plane);
        k = src;
      }
    }
  }
}

/** Position along the slice normal (0 without geometry: file order is the prediction). */
function along(h: FileHead): number {
  const { position: p, orientation: o } = h.inst;
  if (!p || !o) return 0;
  const normal = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
}
