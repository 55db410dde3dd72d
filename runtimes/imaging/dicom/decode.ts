import { bytesOf } from '../../core/dtype';
import { RuntimeError, isRuntimeError } from '../../core/errors';
import type { TypedArray } from '../../core/values';
import { CODECS } from './codecs/registry';
import type { DecodedSamples } from './codecs/types';
import { encapsulatedFrames } from './frames';
import { imageInfo, type ImageInfo } from './image-info';
import { nativeStoredBytes } from './native';
import type { DataSet } from './parse';
import { transferSyntaxName } from './transfer-syntax';
import { fixHighBits, typedView } from './typed';

export interface StoredPixels {
  info: ImageInfo;
  /** Stored values (after decompression, before rescale/LUT) in frame, row, column, sample order. */
  data: TypedArray;
}

/**
 * Decodes every frame of an image instance to its stored values. Colour comes out interleaved
 * as the codec decoded it (JPEG baseline YBR -> RGB by libjpeg unless the codestream or an RGB
 * PhotometricInterpretation says it was never transformed, J2K RCT/ICT -> RGB by
 * OpenJPEG; native YBR_FULL_422 is expanded to one Y Cb Cr triple per pixel). Throws only
 * RuntimeError; a stray exception from a codec becomes CORRUPT_INPUT.
 */
export async function decodeStoredPixels(ds: DataSet, name: string): Promise<StoredPixels> {
  try {
    const info = imageInfo(ds, name);
    const bytes = info.encapsulated ? await decodeEncapsulated(ds, info, name) : nativeStoredBytes(ds, info, name);
    const data = typedView(bytes, info.dtype);
    if (info.bitsStored < info.bitsAllocated && info.bitsAllocated > 1) fixHighBits(data, info.bitsStored, info.signed);
    return { info, data };
  } catch (e) {
    if (isRuntimeError(e)) throw e;
    throw new RuntimeError('CORRUPT_INPUT', `${name}: the pixel data could not be decoded (${(e as Error)?.message ?? String(e)})`);
  }
}

async function decodeEncapsulated(ds: DataSet, info: ImageInfo, name: string): Promise<Uint8Array> {
  const codec = CODECS[info.transferSyntax];
  if (!codec) {
    throw new RuntimeError('DICOM_UNSUPPORTED', `${name} uses ${transferSyntaxName(info.transferSyntax)} (${info.transferSyntax}), which has no decoder here`, { transferSyntax: info.transferSyntax });
  }
  const frames = encapsulatedFrames(ds, info.element, info.frames, codec.startsFrame, name);
  const sampleBytes = bytesOf(info.dtype);
  const frameValues = info.rows * info.cols * info.samples;
  const out = new Uint8Array(info.frames * frameValues * sampleBytes);
  for (let k = 0; k < frames.length; k++) {
    const what = info.frames > 1 ? `${name} frame ${k + 1}` : name;
    const layout = { rows: info.rows, cols: info.cols, samples: info.samples, bitsAllocated: info.bitsAllocated, photometric: info.photometric, what };
    const decoded = await codec.decode(frames[k], layout);
    place(decoded, out, k * frameValues * sampleBytes, frameValues, sampleBytes, info, what);
  }
  return out;
}

/** Copies one decoded frame into the output, widening 8-bit codec output to 16-bit storage if needed. */
function place(d: DecodedSamples, out: Uint8Array, offset: number, n: number, sampleBytes: number, info: ImageInfo, what: string): void {
  if (d.width !== info.cols || d.height !== info.rows || d.components !== info.samples) {
    throw new RuntimeError('CORRUPT_INPUT', `${what}: decoded ${d.width}x${d.height}x${d.components}, the header says ${info.cols}x${info.rows}x${info.samples}`);
  }
  if (d.bytes.length < n * d.bytesPerSample) throw new RuntimeError('CORRUPT_INPUT', `${what}: the codec returned too few samples`);
  if (d.bytesPerSample === sampleBytes) {
    out.set(d.bytes.subarray(0, n * sampleBytes), offset);
  } else if (d.bytesPerSample === 1 && sampleBytes === 2) {
    for (let i = 0; i < n; i++) out[offset + 2 * i] = d.bytes[i];
  } else {
    throw new RuntimeError('DICOM_UNSUPPORTED', `${what}: the codestream has ${d.bytesPerSample * 8}-bit samples, BitsAllocated is ${info.bitsAllocated}`);
  }
}
