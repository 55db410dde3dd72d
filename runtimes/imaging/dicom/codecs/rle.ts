import { RuntimeError } from '../../../core/errors';
import type { DecodedSamples, FrameLayout } from './types';

/**
 * RLE Lossless (PS3.5 Annex G). A frame is a 64-byte header (segment count, then 15 uint32
 * offsets) followed by PackBits-coded segments: one per byte plane of each sample, most
 * significant byte first, sample after sample. Output: interleaved samples, little endian.
 */
export function decodeRle(frame: Uint8Array, layout: FrameLayout): DecodedSamples {
  const { rows, cols, samples, bitsAllocated, what } = layout;
  const bytesPer = bitsAllocated / 8;
  if (!Number.isInteger(bytesPer) || bytesPer < 1) throw new RuntimeError('DICOM_UNSUPPORTED', `${what}: RLE with ${bitsAllocated} bits allocated is not supported`);
  if (frame.length < 64) throw new RuntimeError('TRUNCATED_INPUT', `${what}: RLE frame is ${frame.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const count = view.getUint32(0, true);
  const expected = samples * bytesPer;
  if (count !== expected) throw new RuntimeError('CORRUPT_INPUT', `${what}: RLE header has ${count} segments, ${samples} sample(s) of ${bitsAllocated} bits need ${expected}`);
  const pixels = rows * cols;
  const out = new Uint8Array(pixels * expected);
  for (let seg = 0; seg < count; seg++) {
    const start = view.getUint32(4 + 4 * seg, true);
    const end = seg + 1 < count ? view.getUint32(8 + 4 * seg, true) : frame.length;
    if (start < 64 || end > frame.length || end < start) throw new RuntimeError('CORRUPT_INPUT', `${what}: RLE segment ${seg + 1} offsets ${start}..${end} are outside the ${frame.length}-byte frame`);
    const sample = Math.floor(seg / bytesPer);
    const byteInSample = bytesPer - 1 - (seg % bytesPer); // segment 0 is the MSB; output LE
    unpack(frame, start, end, out, sample * bytesPer + byteInSample, expected, pixels, what, seg);
  }
  return { width: cols, height: rows, components: samples, bytesPerSample: bytesPer, bytes: out };
}

/** PackBits into every `stride`-th byte of `out` from `first`; exactly `pixels` bytes. */
function unpack(src: Uint8Array, pos: number, end: number, out: Uint8Array, first: number, stride: number, pixels: number, what: string, seg: number): void {
  let n = 0;
  let o = first;
  while (n < pixels && pos < end) {
    const h = src[pos++];
    if (h < 128) {
      const len = Math.min(h + 1, pixels - n, end - pos);
      for (let i = 0; i < len; i++, o += stride) out[o] = src[pos + i];
      pos += h + 1;
      n += len;
    } else if (h > 128) {
      const len = Math.min(257 - h, pixels - n);
      if (pos >= end) break;
      const v = src[pos++];
      for (let i = 0; i < len; i++, o += stride) out[o] = v;
      n += len;
    }
  }
  if (n < pixels) throw new RuntimeError('TRUNCATED_INPUT', `${what}: RLE segment ${seg + 1} decodes to ${n} of ${pixels} bytes`);
}
