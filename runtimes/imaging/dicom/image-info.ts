import type { Dtype } from '../../../domain/ports';
import { bytesOf } from '../../core/dtype';
import { RuntimeError } from '../../core/errors';
import type { DataSet, Element } from './parse';
import { NATIVE_SYNTAXES, transferSyntaxName } from './transfer-syntax';

/** Pixel layout of one image instance (any transfer syntax, any number of frames). */
export interface ImageInfo {
  transferSyntax: string;
  rows: number;
  cols: number;
  frames: number;
  samples: number;
  photometric: string;
  /** 0 = interleaved (R G B R G B), 1 = planar (R... G... B...); only meaningful for native colour. */
  planarConfiguration: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  /** Stored type of the decoded values (1-bit data is unpacked to uint8). */
  dtype: Dtype;
  element: Element;
  encapsulated: boolean;
}

/** Decoded stored values beyond this are refused (a corrupt Rows/Columns/frames must not allocate GBs). */
export const MAX_DECODED_BYTES = 1 << 30;

const STORED: Record<string, Dtype> = { '1/0': 'uint8', '8/0': 'uint8', '8/1': 'int8', '16/0': 'uint16', '16/1': 'int16', '32/0': 'uint32', '32/1': 'int32' };

const str = (ds: DataSet, tag: string) => ds.string(tag)?.trim() || undefined;

/**
 * Reads and checks the Image Pixel module: DICOM_UNSUPPORTED when there is no pixel data or a
 * layout we cannot represent, DICOM_PARSE for inconsistent attributes.
 */
export function imageInfo(ds: DataSet, name: string): ImageInfo {
  const transferSyntax = str(ds, 'x00020010') ?? '1.2.840.10008.1.2';
  const [element, floatDtype] = ds.elements.x7fe00010
    ? [ds.elements.x7fe00010, undefined]
    : ds.elements.x7fe00008 ? [ds.elements.x7fe00008, 'float32' as const] : [ds.elements.x7fe00009, 'float64' as const];
  if (!element) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} has no pixel data (modality ${str(ds, 'x00080060') ?? 'unknown'}): not an image`);
  const encapsulated = !!element.encapsulatedPixelData;
  if (!NATIVE_SYNTAXES[transferSyntax] && !encapsulated) {
    throw new RuntimeError('DICOM_PARSE', `${name}: ${transferSyntaxName(transferSyntax)} needs encapsulated pixel data, the file has native data`);
  }
  const framesRaw = str(ds, 'x00280008');
  if (framesRaw !== undefined && !/^\+?\d+$/.test(framesRaw)) throw new RuntimeError('DICOM_PARSE', `${name}: NumberOfFrames "${framesRaw}" is not an integer`);
  const frames = framesRaw ? Number(framesRaw) : 1;
  const rows = ds.uint16('x00280010') ?? 0;
  const cols = ds.uint16('x00280011') ?? 0;
  const samples = ds.uint16('x00280002') ?? 1;
  const photometric = str(ds, 'x00280004') ?? (samples === 3 ? 'RGB' : 'MONOCHROME2');
  if (rows < 1 || cols < 1 || frames < 1) throw new RuntimeError('DICOM_PARSE', `${name} has no valid Rows/Columns/NumberOfFrames (${rows}x${cols}x${frames})`);
  if (samples !== 1 && samples !== 3) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} has ${samples} samples per pixel: only 1 and 3 are defined for images`);
  const bitsAllocated = floatDtype === 'float64' ? 64 : floatDtype ? 32 : (ds.uint16('x00280100') ?? 0);
  const bitsStored = floatDtype ? bitsAllocated : (ds.uint16('x00280101') ?? bitsAllocated);
  const signed = !floatDtype && ds.uint16('x00280103') === 1;
  const dtype = floatDtype ?? STORED[`${bitsAllocated}/${signed && bitsAllocated > 1 ? 1 : 0}`];
  if (!dtype) throw new RuntimeError('DICOM_UNSUPPORTED', `${name} has ${bitsAllocated} bits allocated: only 1, 8, 16 and 32 are supported`);
  if (bitsStored < 1 || bitsStored > bitsAllocated) throw new RuntimeError('DICOM_PARSE', `${name}: BitsStored ${bitsStored} does not fit BitsAllocated ${bitsAllocated}`);
  if (frames * rows * cols * samples * bytesOf(dtype) > MAX_DECODED_BYTES) {
    throw new RuntimeError('DICOM_UNSUPPORTED', `${name}: ${frames} frame(s) of ${rows}x${cols}x${samples} exceed the ${MAX_DECODED_BYTES >> 20} MiB decode limit`);
  }
  const planarConfiguration = samples > 1 ? (ds.uint16('x00280006') ?? 0) : 0;
  return { transferSyntax, rows, cols, frames, samples, photometric, planarConfiguration, bitsAllocated, bitsStored, signed, dtype, element, encapsulated };
}
