// The pixel work of the file fast path for int16 slices (the CT case): read each slice's
// stored values straight into its place in the volume and add the intercept chunk by chunk
// while the chunk is in the CPU cache. Both functions are self-contained (no imports, no
// closures, no module constants): the helper thread of slice-queue.ts runs their source text.
import type { readSync } from 'node:fs';
import type { Kernel } from '../imaging/dicom/simd-rescale';

/** One slice: its open file, where its stored int16 values lie, their byte offset in the volume, the intercept. */
export interface SliceJob {
  fd: number;
  pixelOffset: number;
  pixelBytes: number;
  dst: number;
  intercept: number;
}

/**
 * Reads one slice into `bytes` (a view of the whole volume buffer from offset 0) at `dst` and
 * adds the intercept (which must fit int16): SIMD kernel for whole 64-byte blocks, scalar for
 * the tail, or scalar throughout without a kernel. false on a short read or int16 overflow.
 */
export function fillSlice(bytes: Uint8Array, kernel: Kernel | undefined, read: typeof readSync, job: SliceJob, chunk: number): boolean {
  const { fd, pixelOffset, pixelBytes, dst, intercept: c } = job;
  if (dst < 0 || dst % 2 !== 0 || dst + pixelBytes > bytes.byteLength) return false;
  const words = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  const step = c === 0 ? pixelBytes : chunk; // nothing to add: one read
  for (let at = 0; at < pixelBytes; at += step) {
    const len = Math.min(step, pixelBytes - at);
    for (let got = 0; got < len; ) {
      const n = read(fd, bytes, dst + at + got, len - got, pixelOffset + at + got);
      if (n === 0) return false;
      got += n;
    }
    if (c === 0) continue;
    const simd = kernel ? len - (len % 64) : 0;
    const from = dst + at;
    if (simd > 0 && (c < 0 ? kernel!.n(from, from, simd, c, -32768 - c) : kernel!.p(from, from, simd, c, 32767 - c)) !== 0) return false;
    for (let i = (from + simd) >> 1, end = (from + len) >> 1; i < end; i++) {
      const v = words[i] + c;
      if (v < -32768 || v > 32767) return false;
      words[i] = v;
    }
  }
  return true;
}

/**
 * Takes jobs until none is left or one has failed, on every thread that calls it at once.
 * `control` (Int32Array on a SharedArrayBuffer): [0] next job to claim, [1] failed. `table`:
 * 5 float64 per job (fd, pixelOffset, pixelBytes, dst, intercept). Each job is claimed by
 * exactly one thread.
 */
export function drainQueue(control: Int32Array, table: Float64Array, fill: (job: SliceJob) => boolean): void {
  for (;;) {
    const i = Atomics.add(control, 0, 1);
    if (i * 5 >= table.length || Atomics.load(control, 1) !== 0) return;
    const r = i * 5;
    const job = { fd: table[r], pixelOffset: table[r + 1], pixelBytes: table[r + 2], dst: table[r + 3], intercept: table[r + 4] };
    if (!fill(job)) Atomics.store(control, 1, 1);
  }
}
