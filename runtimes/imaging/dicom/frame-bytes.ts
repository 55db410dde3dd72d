import { bytesOf } from '../../core/dtype';
import { RuntimeError } from '../../core/errors';
import { CODECS } from './codecs/registry';
import { toRgb } from './colour';
import { decodeStoredPixels } from './decode';
import { displayWindow, toDisplay } from './display';
import { encapsulatedFrames } from './frames';
import type { ImageInfo } from './image-info';
import type { DataSet } from './parse';
import { modalityTransform, realWorldValues } from './semantics';

/**
 * The frames of a stored image instance as a DICOMweb server hands them out (PS3.18 8.7.3.3.2,
 * Table 8.7.3-2): native pixel data as the bytes of each frame (little endian, as stored),
 * encapsulated pixel data as each frame's codestream with the media type of its transfer syntax;
 * decoded stored values for a client that asks for uncompressed frames of a compressed instance;
 * and one frame rendered to 8-bit grey or RGB for previews.
 */
const FRAME_MEDIA_TYPES: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.4.201': 'image/jphc',
  '1.2.840.10008.1.2.4.202': 'image/jphc',
  '1.2.840.10008.1.2.4.203': 'image/jphc',
  '1.2.840.10008.1.2.5': 'image/dicom-rle',
};
/** Native syntaxes whose frame bytes are little endian as stored (deflate is inflated by the parser). */
const LITTLE_ENDIAN_NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']);

/** The media type of the instance's frames as stored: a codestream type, or application/octet-stream. */
export function storedFrameType(info: ImageInfo): string {
  return info.encapsulated ? (FRAME_MEDIA_TYPES[info.transferSyntax] ?? 'application/octet-stream') : 'application/octet-stream';
}

/**
 * Frame numbers are 1-based and checked by the caller against `imageInfo(ds).frames`.
 * The frames as stored, or undefined when that needs a conversion (big endian, or 1-bit frames
 * that do not start on a byte): the caller then decodes.
 */
export function storedFrames(ds: DataSet, info: ImageInfo, frames: number[], name: string): Uint8Array[] | undefined {
  if (info.encapsulated) {
    const all = encapsulatedFrames(ds, info.element, info.frames, CODECS[info.transferSyntax]?.startsFrame ?? (() => true), name);
    return frames.map((f) => all[f - 1]);
  }
  if (!LITTLE_ENDIAN_NATIVE.has(info.transferSyntax)) return undefined;
  const bits = info.rows * info.cols * info.samples * info.bitsAllocated;
  if (bits % 8) return undefined;
  const size = bits / 8;
  const start = info.element.dataOffset;
  if (start + info.frames * size > ds.byteArray.length) throw new RuntimeError('TRUNCATED_INPUT', `${name}: the pixel data is shorter than ${info.frames} frame(s)`);
  return frames.map((f) => ds.byteArray.subarray(start + (f - 1) * size, start + f * size));
}

/** The frames decoded to stored values, little endian, frame by frame. */
export async function decodedFrames(ds: DataSet, frames: number[], name: string): Promise<Uint8Array[]> {
  const { info, data } = await decodeStoredPixels(ds, name);
  const per = info.rows * info.cols * info.samples;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const size = per * bytesOf(info.dtype);
  return frames.map((f) => bytes.subarray((f - 1) * size, f * size));
}

export interface RenderedFrame {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** One frame (1-based) as display values: grey through the modality and VOI transforms, colour as RGB. */
export async function renderFrame(ds: DataSet, frame: number, name: string): Promise<RenderedFrame> {
  const { info, data } = await decodeStoredPixels(ds, name);
  const per = info.rows * info.cols * info.samples;
  const stored = data.subarray((frame - 1) * per, frame * per);
  if (info.samples === 3 || info.photometric === 'PALETTE COLOR') return { width: info.cols, height: info.rows, channels: 3, data: toRgb(stored, info, ds, name) };
  const real = realWorldValues(stored, modalityTransform(ds, info, name));
  return { width: info.cols, height: info.rows, channels: 1, data: toDisplay(real, displayWindow(ds, info, real, name)) };
}
