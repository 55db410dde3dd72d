import { bytesOf, swapBytes } from '../../core/dtype';
import { RuntimeError } from '../../core/errors';
import type { ImageInfo } from './image-info';
import type { DataSet } from './parse';
import { EXPLICIT_BIG_ENDIAN } from './transfer-syntax';

/**
 * Native (uncompressed) pixel data as little-endian stored values in frame, row, column,
 * sample order: big endian byte-swapped, planar colour interleaved, 1-bit data unpacked to
 * one byte per pixel, YBR_FULL_422 (2 values per pixel on disk) expanded to Y Cb Cr triples.
 * Short pixel data is TRUNCATED_INPUT; trailing bytes beyond the frames are ignored.
 */
export function nativeStoredBytes(ds: DataSet, info: ImageInfo, name: string): Uint8Array {
  const { rows, cols, frames, samples, element } = info;
  const pixels = rows * cols;
  const sb = bytesOf(info.dtype);
  const is422 = info.photometric === 'YBR_FULL_422' && samples === 3;
  if (is422 && cols % 2) throw new RuntimeError('DICOM_PARSE', `${name}: YBR_FULL_422 needs an even number of columns, not ${cols}`);
  const need = info.bitsAllocated === 1 ? Math.ceil((frames * pixels) / 8) : frames * pixels * (is422 ? 2 : samples) * sb;
  const available = Math.min(element.length, ds.byteArray.length - element.dataOffset);
  if (available < need) {
    throw new RuntimeError('TRUNCATED_INPUT', `${name}: pixel data has ${Math.max(0, available)} bytes, ${frames} frame(s) of ${cols}x${rows}x${samples} need ${need}`, { truncated: true });
  }
  const src = ds.byteArray.subarray(element.dataOffset, element.dataOffset + need);
  if (info.bitsAllocated === 1) return unpackBits(src, frames * pixels);
  const bytes = src.slice();
  if (sb > 1 && info.transferSyntax === EXPLICIT_BIG_ENDIAN) swapBytes(bytes, sb);
  if (is422) return expand422(bytes, frames * pixels, sb);
  if (samples > 1 && info.planarConfiguration === 1) return interleave(bytes, frames, pixels, samples, sb);
  return bytes;
}

/** Bit i of the pixel data (LSB first within each byte) is pixel i; frames follow without padding. */
function unpackBits(src: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (src[i >> 3] >> (i & 7)) & 1;
  return out;
}

/** Planar (per frame: all R, all G, all B) to interleaved. */
function interleave(b: Uint8Array, frames: number, pixels: number, samples: number, sb: number): Uint8Array {
  const out = new Uint8Array(b.length);
  const frameBytes = pixels * samples * sb;
  for (let f = 0; f < frames; f++) {
    const base = f * frameBytes;
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < pixels; i++) {
        for (let k = 0; k < sb; k++) out[base + (i * samples + s) * sb + k] = b[base + (s * pixels + i) * sb + k];
      }
    }
  }
  return out;
}

/** Y0 Y1 Cb Cr (two pixels) to Y0 Cb Cr Y1 Cb Cr. */
function expand422(b: Uint8Array, pixels: number, sb: number): Uint8Array {
  const out = new Uint8Array(pixels * 3 * sb);
  for (let p = 0; p < pixels; p += 2) {
    const i = p * 2 * sb;
    const o = p * 3 * sb;
    for (let k = 0; k < sb; k++) {
      const [y0, y1, cb, cr] = [b[i + k], b[i + sb + k], b[i + 2 * sb + k], b[i + 3 * sb + k]];
      out[o + k] = y0;
      out[o + sb + k] = cb;
      out[o + 2 * sb + k] = cr;
      out[o + 3 * sb + k] = y1;
      out[o + 4 * sb + k] = cb;
      out[o + 5 * sb + k] = cr;
    }
  }
  return out;
}
