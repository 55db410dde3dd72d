import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';
import { RuntimeError } from '../../../core/errors';
import type { DecodedSamples, FrameLayout } from './types';
import { withoutColourTransform } from './jpeg-colour';
import { runWasm } from './wasm';

interface JpegHeader { marker: number; precision: number; height: number; width: number; components: number }

/**
 * The codestream must describe the image the DICOM header promises: checked before decoding
 * so a corrupt SOF cannot make a codec allocate gigabytes or fill a wrong-sized frame.
 */
function checkHeader(h: JpegHeader | undefined, layout: FrameLayout, kind: string): JpegHeader {
  if (!h) throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: not a ${kind} codestream (no SOI/SOF marker)`);
  if (h.width !== layout.cols || h.height !== layout.rows || h.components !== layout.samples) {
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: the ${kind} codestream is ${h.width}x${h.height}x${h.components}, the header says ${layout.cols}x${layout.rows}x${layout.samples}`);
  }
  return h;
}

/** Precision (bits) and SOF marker of a JPEG codestream, from its first SOFn segment. */
export function jpegFrameHeader(data: Uint8Array): JpegHeader | undefined {
  if (data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let p = 2;
  while (p + 4 < data.length) {
    if (data[p] !== 0xff) return undefined;
    const m = data[p + 1];
    if (m === 0xff) { p++; continue; }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (p + 9 >= data.length) return undefined;
      return { marker: m, precision: data[p + 4], height: (data[p + 5] << 8) | data[p + 6], width: (data[p + 7] << 8) | data[p + 8], components: data[p + 9] };
    }
    p += 2 + ((data[p + 2] << 8) | data[p + 3]);
  }
  return undefined;
}

function bytesOf(a: Uint8Array | Uint16Array | Int16Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * JPEG baseline / extended (DCT). 8-bit: libjpeg-turbo (WASM; colour comes out as RGB, as
 * libjpeg converts YCbCr; an RGB codestream without a transform stays as stored, see jpeg-colour). 12-bit (extended, process 4): libjpeg-turbo-8bit cannot, so the
 * pdf.js-derived 12-bit DCT decoder shipped by daikon (greyscale only, as in DICOM practice).
 */
export async function decodeJpegDct(data: Uint8Array, layout: FrameLayout): Promise<DecodedSamples> {
  const header = checkHeader(jpegFrameHeader(data), layout, 'JPEG');
  if (header.marker === 0xc3) return decodeJpegLossless(data, layout);
  if (header.precision <= 8) {
    const { info, pixels } = await runWasm('libjpeg-turbo', withoutColourTransform(data, layout.photometric), layout.what);
    return { width: info.width, height: info.height, components: info.componentCount, bytesPerSample: 1, bytes: pixels };
  }
  const { JpegImage } = await import('daikon/lib/jpeg-baseline.js');
  try {
    const img = new JpegImage();
    img.parse(data);
    if (img.components.length !== 1) throw new Error(`${img.components.length}-component 12-bit JPEG`);
    const values = img.getData16(img.width, img.height);
    unbias(values, header.precision);
    return { width: img.width, height: img.height, components: 1, bytesPerSample: 2, bytes: bytesOf(values) };
  } catch (e) {
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: 12-bit JPEG could not be decoded (${(e as Error)?.message ?? e})`);
  }
}

/**
 * The pdf.js-derived decoder level-shifts P-bit samples by 2056 / (255 / (2^P - 1)) / 16
 * instead of 2^(P-1) + 0.5: for P = 12 every sample comes out exactly 15 too high (verified
 * against DCMTK dcmdjpeg on the corpus). Undo that; values it clamped at the top stay at max.
 */
function unbias(values: Uint16Array, precision: number): void {
  const max = 2 ** precision - 1;
  const bias = Math.floor((2056 * (max / 255) - (2 ** (precision - 1) * 16 + 8)) / 16);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    values[i] = v >= max ? max : v > bias ? v - bias : 0;
  }
}

/** JPEG lossless (process 14, any predictor incl. SV1), 2..16 bits: jpeg-lossless-decoder-js. */
export async function decodeJpegLossless(data: Uint8Array, layout: FrameLayout): Promise<DecodedSamples> {
  const header = checkHeader(jpegFrameHeader(data), layout, 'lossless JPEG');
  if (header.marker !== 0xc3) throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: not a lossless JPEG codestream (SOF 0x${header.marker.toString(16)}, not SOF3)`);
  try {
    const decoder = new LosslessDecoder();
    const out = decoder.decode(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength) as unknown as Uint8Array | Uint16Array;
    const bytesPerSample = header.precision > 8 ? 2 : 1;
    return { width: decoder.xDim, height: decoder.yDim, components: decoder.numComp, bytesPerSample, bytes: bytesOf(out) };
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError('CORRUPT_INPUT', `${layout.what}: lossless JPEG could not be decoded (${(e as Error)?.message ?? e})`);
  }
}
