// The pixel work of the file fast path for int16 slices (the CT case): read each slice's
// stored values straight into its place in the volume with one positioned read, then add the
// intercept in place. Plain JS (types in slice-fill.d.mts): both this thread (slice-queue.ts,
// dicom-files.ts) and the helper thread (slice-worker.mjs, spawned by file path) import it.
import { readvSync } from 'node:fs';

/**
 * Reads `pixelBytes` at `position` of `fd` into `bytes` at `dst`, and checks that exactly `tail`
 * more bytes follow before the end of the file (nothing after Pixel Data is ever skipped). One
 * preadv of everything plus one byte in the usual case: a regular file reads short only at its
 * end, so a short read that got exactly what is due is the end.
 * @type {import('./slice-fill.d.mts').readSlice}
 */
export function readSlice(bytes, dst, pixelBytes, tail, fd, position, readv) {
  const want = pixelBytes + tail;
  const extra = new Uint8Array(tail + 1);
  for (let got = 0; ; ) {
    const asked = want + 1 - got;
    const n = readv(fd, got < pixelBytes ? [bytes.subarray(dst + got, dst + pixelBytes), extra] : [extra.subarray(got - pixelBytes)], position + got);
    if (n === 0) return got === want;
    got += n;
    if (got > want) return false;
    if (n < asked && got === want) return true;
  }
}

/**
 * Reads one slice into `bytes` (a view of the whole volume buffer from offset 0) at `dst` and
 * adds the intercept (which must fit int16): SIMD kernel for whole 128-byte blocks (its
 * BLOCK), scalar for the rest, or scalar throughout without a kernel. false on a short or long
 * file or an int16 overflow.
 * @type {import('./slice-fill.d.mts').fillSlice}
 */
export function fillSlice(bytes, kernel, job) {
  const { fd, pixelOffset, pixelBytes, tail, dst, intercept: c } = job;
  if (dst < 0 || dst % 2 !== 0 || dst + pixelBytes > bytes.byteLength) return false;
  if (!readSlice(bytes, dst, pixelBytes, tail, fd, pixelOffset, readvSync)) return false;
  if (c === 0) return true;
  const simd = kernel ? pixelBytes - (pixelBytes % 128) : 0;
  if (kernel && simd > 0 && (c < 0 ? kernel.n(dst, simd, c, -32768 - c) : kernel.p(dst, simd, c, 32767 - c)) !== 0) return false;
  const words = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  for (let i = (dst + simd) >> 1, end = (dst + pixelBytes) >> 1; i < end; i++) {
    const v = words[i] + c;
    if (v < -32768 || v > 32767) return false;
    words[i] = v;
  }
  return true;
}

/**
 * Takes jobs until the queue is closed and empty, or a job has failed, on every thread that
 * calls it at once; jobs may still be published while it runs. `control` (Int32Array on a
 * SharedArrayBuffer): [0] next job to claim, [1] failed, [2] jobs published, [3] closed,
 * [4] signal (bumped on every publish and on close: what a thread with nothing to do waits
 * on). `table`: 6 float64 per job (fd, pixelOffset, pixelBytes, tail, dst, intercept). Each job is
 * claimed by exactly one thread.
 * @type {import('./slice-fill.d.mts').drainQueue}
 */
export function drainQueue(control, table, fill) {
  for (;;) {
    const i = Atomics.add(control, 0, 1);
    for (;;) {
      const signal = Atomics.load(control, 4);
      if (Atomics.load(control, 1) !== 0) return;
      if (i < Atomics.load(control, 2)) break;
      // Closed: every job is published (close comes after the last publish).
      if (Atomics.load(control, 3) !== 0) {
        if (i < Atomics.load(control, 2)) break;
        return;
      }
      Atomics.wait(control, 4, signal); // until the next publish or close
    }
    const r = i * 6;
    const job = { fd: table[r], pixelOffset: table[r + 1], pixelBytes: table[r + 2], tail: table[r + 3], dst: table[r + 4], intercept: table[r + 5] };
    if (!fill(job)) Atomics.store(control, 1, 1);
  }
}
