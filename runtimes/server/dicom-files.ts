// Node-only fast path: an uncompressed single-frame DICOM series read from FILES straight into
// a preallocated volume. Pass 1 reads and parses only the headers (sorting needs them all);
// pass 2 reads each file's pixel bytes with one positioned read into the slice's place in the
// volume and rescales that slice in place while it is still in the CPU cache. Everything else
// goes through readDicomSeriesAsync, so results and errors are always identical to it.
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Dtype } from '../../domain/ports';
import type { TypedArray, VolumeValue } from '../core/values';
import { CTORS, rescaleChecked, rescaleInt16 } from '../imaging/dicom/rescale';
import { bytesOf } from '../imaging/dicom/image-info';
import type { ReadSeriesOptions } from '../imaging/dicom/series-async';
import { readDicomSeriesAsync } from '../imaging/dicom/series-async';
import { seriesValue, type DicomSeriesResult } from '../imaging/dicom/series';
import { layoutSlices } from '../imaging/dicom/slices';
import { readFully, readHead, type FileHead } from './dicom-file-heads';

/**
 * readDicomSeriesAsync over files on disk (same names, same `into` semantics: used when big
 * enough). Files the fast path cannot take (compressed, big endian, BitsStored < BitsAllocated,
 * multi-frame, Modality LUT, trailing elements, any error) make the whole series go through the
 * in-memory reader instead.
 */
export async function readDicomSeriesFiles(files: string[], names?: string[], options: ReadSeriesOptions = {}): Promise<DicomSeriesResult> {
  let fast: DicomSeriesResult | undefined;
  try {
    fast = files.length ? readFast(files, names, options.into) : undefined;
  } catch {
    fast = undefined; // the in-memory reader gives the typed error for this input
  }
  return fast ?? readDicomSeriesAsync(files.map((f) => readFileSync(f)), names, options);
}

/** The fast path alone: undefined when the series needs the in-memory reader (exported for tests). */
export function readFast(files: string[], names: string[] | undefined, into?: ArrayBuffer): DicomSeriesResult | undefined {
  const heads: FileHead[] = [];
  for (let i = 0; i < files.length; i++) {
    const h = readHead(files[i], names?.[i] ?? `file ${i + 1}`);
    if (!h) return undefined;
    heads.push(h);
  }
  // Several series are an error (DICOM_MIXED_SERIES): the fallback reports it.
  if (heads.some((h) => h.inst.seriesInstanceUid !== heads[0].inst.seriesInstanceUid)) return undefined;
  const layout = layoutSlices(heads.map((h) => h.inst));
  const byInst = new Map(heads.map((h, i) => [h.inst, i]));
  const order = layout.slices.map((inst) => byInst.get(inst)!);
  const volume = fill(order.map((i) => heads[i]), order.map((i) => files[i]), layout.geometry, into);
  return volume && { volume, series: seriesValue(layout.slices), warnings: layout.warnings };
}

/**
 * The output type exactly as assembleVolume picks it: the stored type when no slice rescales
 * and all share it; int16 when every slope/intercept is an integer (undefined here on overflow:
 * assembleVolume would redo it as float32, the fallback does); else float32.
 */
function outputDtype(heads: FileHead[]): Dtype {
  if (heads.every((h) => h.inst.slope === 1 && h.inst.intercept === 0 && h.dtype === heads[0].dtype)) return heads[0].dtype;
  return heads.every((h) => Number.isInteger(h.inst.slope) && Number.isInteger(h.inst.intercept)) ? 'int16' : 'float32';
}

function fill(heads: FileHead[], files: string[], geometry: VolumeValue['geometry'], into?: ArrayBuffer): VolumeValue | undefined {
  const dtype = outputDtype(heads);
  const plane = geometry.dims[0] * geometry.dims[1];
  const size = bytesOf(dtype);
  const n = plane * heads.length;
  // Stored values wider than the output cannot be converted in place: fallback.
  if (heads.some((h) => bytesOf(h.dtype) > size)) return undefined;
  const buffer = into && into.byteLength >= n * size ? into : new ArrayBuffer(n * size);
  const out = new CTORS[dtype](buffer, 0, n);
  const bytes = new Uint8Array(buffer, 0, n * size);
  for (let k = 0; k < heads.length; k++) {
    const h = heads[k];
    // Narrower stored values go to the end of the slice's region so the forward conversion
    // below never overwrites a stored value before reading it.
    const at = (k + 1) * plane * size - h.pixelBytes;
    if (!readPixels(files[k], h, bytes, at)) return undefined;
    if (dtype === h.dtype && h.inst.slope === 1 && h.inst.intercept === 0) continue;
    const stored = new CTORS[h.dtype](buffer, at, plane);
    if (!convert(stored, h, out, k * plane, plane)) return undefined;
  }
  return { type: 'volume', dtype, geometry, data: out };
}

/** Pixel bytes already in the header read are copied; the rest comes in one positioned read. */
function readPixels(file: string, h: FileHead, bytes: Uint8Array, at: number): boolean {
  const inHead = Math.max(0, Math.min(h.pixelBytes, h.head.length - h.pixelOffset));
  if (inHead) bytes.set(h.head.subarray(h.pixelOffset, h.pixelOffset + inHead), at);
  if (inHead === h.pixelBytes) return true;
  const fd = openSync(file, 'r');
  try {
    return readFully(fd, bytes, at + inHead, h.pixelBytes - inHead, h.pixelOffset + inHead);
  } finally {
    closeSync(fd);
  }
}

/** One slice, the same arithmetic as assembleVolume; false on int16 overflow. */
function convert(stored: TypedArray, h: FileHead, out: TypedArray, base: number, plane: number): boolean {
  const { slope, intercept } = h.inst;
  if (out instanceof Int16Array) {
    return stored instanceof Int16Array && slope === 1
      ? rescaleInt16(stored, intercept, out, base, plane)
      : rescaleChecked(stored, slope, intercept, out, base, plane);
  }
  for (let i = 0; i < plane; i++) out[base + i] = stored[i] * slope + intercept;
  return true;
}
