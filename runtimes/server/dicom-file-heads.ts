// Pass 1 of the file-to-volume fast path (Node only): each file's header, read and parsed up
// to the Pixel Data element, plus where its stored pixels lie in the file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Dtype } from '../../domain/ports';
import { bytesOf, imageInfo } from '../imaging/dicom/image-info';
import { readInstance, type DicomInstance } from '../imaging/dicom/instance';
import { parseDicom, type DataSet } from '../imaging/dicom/parse';
import { modalityTransform } from '../imaging/dicom/semantics';

/**
 * First header read: most headers are 1-8 KiB; grown x4 while the Pixel Data header lies beyond
 * it (large private tags). Pixel bytes read with it are copied, not read again.
 */
const FIRST_HEAD = 8 << 10;
const PIXEL_DATA = 'x7fe00010';
/** Transfer syntaxes whose native pixel data is byte-for-byte the little-endian stored values. */
const LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

export interface FileHead {
  inst: DicomInstance;
  dtype: Dtype;
  /** Header bytes read so far: [0, head.length) of the file; may hold the first pixel bytes. */
  head: Uint8Array;
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
 * The header of one file when the fast path can take it, else undefined (the caller falls back
 * to the in-memory reader, which also reports every error): single-frame greyscale, native
 * little endian, BitsStored = BitsAllocated (8/16/32), no Modality LUT Sequence, and Pixel
 * Data the last element, complete, ending at the end of the file (so nothing after it is lost
 * by parsing only up to it). Parse errors of a cut header grow the read; on the whole file
 * they mean fallback.
 */
export function readHead(file: string, name: string): FileHead | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let len = Math.min(size, FIRST_HEAD); ; len = Math.min(size, len * 4)) {
      // Not zero-filled (a third of the header cost): every byte is overwritten by the read.
      const raw = Buffer.allocUnsafeSlow(len);
      const head = new Uint8Array(raw.buffer, raw.byteOffset, len);
      if (!readFully(fd, head, 0, len, 0)) return undefined;
      const ds = tryParse(head, name);
      const el = ds?.elements[PIXEL_DATA];
      if (ds && el && el.dataOffset <= len) return accept(ds, head, name, size);
      if (len === size) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

function tryParse(head: Uint8Array, name: string): DataSet | undefined {
  try {
    return parseDicom(head, name, { untilTag: PIXEL_DATA });
  } catch {
    return undefined; // cut inside an element (grow) or broken (fallback reports it)
  }
}

function accept(ds: DataSet, head: Uint8Array, name: string, size: number): FileHead | undefined {
  const info = imageInfo(ds, name);
  const el = info.element;
  if (el !== ds.elements[PIXEL_DATA] || info.encapsulated || !LITTLE_ENDIAN.has(info.transferSyntax)) return undefined;
  if (info.frames !== 1 || info.samples !== 1 || !info.photometric.startsWith('MONOCHROME')) return undefined;
  if (info.bitsStored !== info.bitsAllocated || info.bitsAllocated === 1) return undefined;
  if (modalityTransform(ds, info, name).kind === 'lut') return undefined;
  const pixelBytes = info.rows * info.cols * bytesOf(info.dtype);
  if (el.length < pixelBytes || el.dataOffset + el.length !== size) return undefined;
  return { inst: readInstance(head, name, ds), dtype: info.dtype, head, pixelOffset: el.dataOffset, pixelBytes };
}
