// Types of slice-fill.mjs (plain JS so the helper thread, slice-worker.mjs, can import it by file path).
import type { readvSync } from 'node:fs';
import type { Kernel } from '../imaging/dicom/simd-rescale';

/**
 * One slice: its open file, where its stored int16 values lie (and `tail`, the bytes of the
 * Pixel Data element after them: its odd-length padding), their byte offset in the volume,
 * the intercept.
 */
export interface SliceJob {
  fd: number;
  pixelOffset: number;
  pixelBytes: number;
  tail: number;
  dst: number;
  intercept: number;
}

export function readSlice(bytes: Uint8Array, dst: number, pixelBytes: number, tail: number, fd: number, position: number, readv: typeof readvSync): boolean;
export function fillSlice(bytes: Uint8Array, kernel: Kernel | undefined, job: SliceJob): boolean;
export function drainQueue(control: Int32Array, table: Float64Array, fill: (job: SliceJob) => boolean): void;
