// Pass 1 of the file-to-volume fast path (Node only): each file's header, read and parsed up to
// the Pixel Data element header (head-walk.ts), plus where its stored pixels lie.
import { readSync } from 'node:fs';
import type { Dtype } from '../../domain/ports';
import { walkHead } from '../imaging/dicom/head-walk';
import type { DataSet } from '../imaging/dicom/parse';
import { bytesOf } from '../core/dtype';
import { imageInfo } from '../imaging/dicom/image-info';
import { readInstance, type DicomInstance } from '../imaging/dicom/instance';

/**
 * First header read: most headers are 1-8 KiB; grown x4 while the Pixel Data header lies beyond
 * it. A fresh buffer per file: its data set (and its sequence items') stays backed by it.
 */
const FIRST_HEAD = 8 << 10;

export interface FileHead {
  inst: DicomInstance;
  dtype: Dtype;
  /** File offset and byte length of the stored pixels (rows * cols * bytes per value). */
  pixelOffset: number;
  pixelBytes: number;
  /** Bytes of the Pixel Data element after the stored pixels (0, or 1 for odd-length padding); the file ends right after them. */
  tail: number;
}

/** Reads up to `length` bytes at 0 into `buf`: the count, short only at the end of the file. */
function readStart(fd: number, buf: Uint8Array, length: number): number {
  let got = 0;
  for (let n = 1; got < length && n > 0; got += n) n = readSync(fd, buf, got, length - got, got);
  return got;
}

/**
 * The header of one open file when the fast path can take it, else undefined (the caller falls
 * back to the in-memory reader, which also reports every error): single-frame greyscale, native
 * little endian, BitsStored = BitsAllocated (8/16/32), no Modality LUT Sequence, and Pixel
 * Data the last element, of the image's size plus at most one padding byte. That it ends the
 * file is checked when the pixels are read (readSlice), which saves a stat per file.
 */
export function readHead(fd: number, name: string): FileHead | undefined {
  for (let len = FIRST_HEAD; ; len *= 4) {
    const buffer = new Uint8Array(len);
    const got = readStart(fd, buffer, len);
    const head = buffer.subarray(0, got);
    const walk = walkHead(head);
    if (walk.kind === 'other' || (walk.kind === 'more' && got < len)) return undefined;
    if (walk.kind === 'ok') {
      const el = walk.pixelData;
      return accept(walk.ds, el.dataOffset, el.length, name);
    }
  }
}

function accept(ds: DataSet, pixelOffset: number, length: number, name: string): FileHead | undefined {
  const info = imageInfo(ds, name);
  if (info.element !== ds.elements.x7fe00010 || info.encapsulated) return undefined;
  if (info.frames !== 1 || info.samples !== 1 || !info.photometric.startsWith('MONOCHROME')) return undefined;
  if (info.bitsStored !== info.bitsAllocated || info.bitsAllocated === 1) return undefined;
  if (ds.elements.x00283000) return undefined; // Modality LUT Sequence: the in-memory reader applies it
  const pixelBytes = info.rows * info.cols * bytesOf(info.dtype);
  const tail = length - pixelBytes;
  if (tail !== 0 && tail !== 1) return undefined;
  return { inst: readInstance(ds.byteArray, name, ds), dtype: info.dtype, pixelOffset, pixelBytes, tail };
}
