import { TYPED_ARRAYS, bytesOf } from '../../core/dtype';
import { RuntimeError, isRuntimeError } from '../../core/errors';
import type { TypedArray } from '../../core/values';
import { assembleVolume, type Slice } from './assemble';
import { decodeStoredPixels } from './decode';
import { frameInstances } from './frame-instances';
import { imageInfo, type ImageInfo } from './image-info';
import type { DataSet } from './parse';
import { modalityTransform } from './semantics';
import { oneSeries, seriesValue, type DicomSeriesResult } from './one-series';
import { layoutSlices } from './slices';
import { EXPLICIT_BIG_ENDIAN } from './transfer-syntax';

export interface ReadSeriesOptions {
  /** Preallocated volume storage, used when big enough for the result (e.g. reused across reads). */
  into?: ArrayBuffer;
}

/**
 * Assembles the files of one DICOM series into a volume with LPS geometry plus the series
 * metadata SEG writers need, for every transfer syntax and for multi-frame files: decodes each
 * file with the codec registry (async: WASM codecs load lazily), splits multi-frame images into
 * frames placed by their functional groups, then sorts, checks and stacks them. The volume
 * holds real-world values (rescale or Modality LUT Sequence, e.g. HU). Greyscale only (colour
 * cannot form a scalar volume: DICOM_UNSUPPORTED). Throws only RuntimeError (DICOM_PARSE,
 * DICOM_UNSUPPORTED, DICOM_MIXED_SERIES, EMPTY_INPUT, UNSUPPORTED_FORMAT, TRUNCATED_INPUT,
 * CORRUPT_INPUT for anything unforeseen).
 */
export async function readDicomSeriesAsync(files: Uint8Array[], names?: string[], options: ReadSeriesOptions = {}): Promise<DicomSeriesResult> {
  try {
    return await read(files, names, options);
  } catch (e) {
    if (isRuntimeError(e)) throw e;
    throw new RuntimeError('CORRUPT_INPUT', `the DICOM series could not be read: ${(e as Error)?.message ?? String(e)}`);
  }
}

async function read(files: Uint8Array[], names: string[] | undefined, options: ReadSeriesOptions): Promise<DicomSeriesResult> {
  const slices: Slice[] = [];
  for (const inst of oneSeries(files, names)) {
    const info = imageInfo(inst.ds, inst.name);
    if (info.samples !== 1 || !info.photometric.startsWith('MONOCHROME')) {
      throw new RuntimeError('DICOM_UNSUPPORTED', `${inst.name} is a ${info.photometric} image with ${info.samples} samples per pixel: only greyscale images form a volume`);
    }
    const data = nativeView(inst.ds, info) ?? (await decodeStoredPixels(inst.ds, inst.name)).data;
    const t = modalityTransform(inst.ds, info, inst.name);
    const lut = t.kind === 'lut' ? t.lut : undefined;
    const plane = info.rows * info.cols;
    frameInstances(inst, info.frames).forEach((frameInst, k) => {
      slices.push({ inst: frameInst, frame: data.subarray(k * plane, (k + 1) * plane), dtype: info.dtype, lut });
    });
  }
  const layout = layoutSlices(slices.map((s) => s.inst));
  const byInst = new Map(slices.map((s) => [s.inst, s]));
  const volume = assembleVolume(layout.slices.map((inst) => byInst.get(inst)!), layout.geometry, options.into);
  return { volume, series: seriesValue(layout.slices), warnings: layout.warnings };
}

/**
 * The common uncompressed case without a copy: little-endian native pixel data whose bits
 * fill the allocated width, as a read-only view on the file bytes (copied only when unaligned).
 * Anything else (big endian, BitsStored < BitsAllocated, 1-bit, short data) goes through
 * decodeStoredPixels, which also reports the errors.
 */
function nativeView(ds: DataSet, info: ImageInfo): TypedArray | undefined {
  if (info.encapsulated || info.transferSyntax === EXPLICIT_BIG_ENDIAN || info.bitsStored !== info.bitsAllocated || info.bitsAllocated === 1) return undefined;
  const size = bytesOf(info.dtype);
  const n = info.frames * info.rows * info.cols;
  const { dataOffset, length } = info.element;
  if (length < n * size || dataOffset + n * size > ds.byteArray.length) return undefined;
  const start = ds.byteArray.byteOffset + dataOffset;
  if (start % size === 0) return new TYPED_ARRAYS[info.dtype](ds.byteArray.buffer, start, n);
  return new TYPED_ARRAYS[info.dtype](ds.byteArray.slice(dataOffset, dataOffset + n * size).buffer, 0, n);
}
