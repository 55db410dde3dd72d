// Pass 1 of the file-to-volume fast path (Node only): each file's header, read into one reused
// buffer and walked up to the Pixel Data element header, plus where its stored pixels lie.
import { readSync } from 'node:fs';
import type { Dtype } from '../../domain/ports';
import { rebase, walkHead } from '../imaging/dicom/head-walk';
import { bytesOf, imageInfo } from '../imaging/dicom/image-info';
import { readInstance, type DicomInstance } from '../imaging/dicom/instance';

/** First header read: most headers are 1-8 KiB; grown x4 while the Pixel Data header lies beyond it. */
const FIRST_HEAD = 8 << 10;
let buffer = new Uint8Array(FIRST_HEAD);

export interface FileHead {
  inst: DicomInstance;
  dtype: Dtype;
  /** File offset and byte length of the stored pixels (rows * cols * bytes per value). */
  pixelOffset: number;
  pixelBytes: number;
}

/** Reads `length` bytes at `position` into `buf` at `offset` (readSync may return short counts). */
export function readFully(fd: number, buf: Uint8Array, offset: number, length: number, position: number): boolean {
  for (let got = 0; got < length; ) {
    const n = readSync(fd, buf, offset + got, length - got, position + got);
    if (n === 0) return false;
    got += n;
  }
  return true;
}

/**
 * The header of one open file of `size` bytes when the fast path can take it, else undefined
 * (the caller falls back to the in-memory reader, which also reports every error): single-frame
 * greyscale, native little endian, BitsStored = BitsAllocated (8/16/32), no Modality LUT
 * Sequence, and Pixel Data the last element, complete, ending at the end of the file (so
 * nothing after it is lost by reading only up to it).
 */
export function readHead(fd: number, size: number, name: string): FileHead | undefined {
  for (let len = Math.min(size, FIRST_HEAD); ; len = Math.min(size, len * 4)) {
    if (buffer.length < len) buffer = new Uint8Array(len);
    const head = buffer.subarray(0, len);
    if (!readFully(fd, head, 0, len, 0)) return undefined;
    const walk = walkHead(head);
    if (walk.kind === 'other' || (walk.kind === 'more' && len === size)) return undefined;
    if (walk.kind === 'ok') {
      const el = walk.pixelData;
      // The header alone, copied out of the reused buffer (series metadata reads it later).
      return accept(rebase(walk.ds, head.slice(0, el.dataOffset)), el.dataOffset, el.length, name, size);
    }
  }
}

function accept(ds: ReturnType<typeof rebase>, pixelOffset: number, length: number, name: string, size: number): FileHead | undefined {
  const info = imageInfo(ds, name);
  if (info.element !== ds.elements.x7fe00010 || info.encapsulated) return undefined;
  if (info.frames !== 1 || info.samples !== 1 || !info.photometric.startsWith('MONOCHROME')) return undefined;
  if (info.bitsStored !== info.bitsAllocated || info.bitsAllocated === 1) return undefined;
  if (ds.elements.x00283000) return undefined; // Modality LUT Sequence: the in-memory reader applies it
  const pixelBytes = info.rows * info.cols * bytesOf(info.dtype);
  if (length < pixelBytes || pixelOffset + length !== size) return undefined;
  return { inst: readInstance(ds.byteArray, name, ds), dtype: info.dtype, pixelOffset, pixelBytes };
}
