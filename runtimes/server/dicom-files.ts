// Node-only fast path: an uncompressed single-frame DICOM series read from FILES straight into
// a preallocated volume. Pass 1 reads and walks only the headers (sorting needs them all);
// pass 2 reads each file's pixel bytes with positioned reads into the slice's place in the
// volume and rescales each chunk in place while it is still in the CPU cache (WebAssembly SIMD
// straight on the volume when it lives in a simdBuffer; int16 slices on two threads when it is
// a shared one: slice-queue.ts). Everything else goes through readDicomSeriesAsync, so results
// and errors are always identical to it.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Dtype } from '../../domain/ports';
import type { TypedArray, VolumeValue } from '../core/values';
import { CTORS, rescaleChecked } from '../imaging/dicom/rescale';
import { bytesOf } from '../imaging/dicom/image-info';
import type { ReadSeriesOptions } from '../imaging/dicom/series-async';
import { readDicomSeriesAsync } from '../imaging/dicom/series-async';
import { seriesValue, type DicomSeriesResult } from '../imaging/dicom/one-series';
import { layoutSlices } from '../imaging/dicom/slices';
import { simdBuffer } from '../imaging/dicom/simd-rescale';
import { readFully, readHead, type FileHead } from './dicom-file-heads';
import type { SliceJob } from './slice-fill';
import { SliceQueue } from './slice-queue';

export interface FileSeriesOptions extends ReadSeriesOptions {
  /** Pixel bytes from which int16 slices are filled on two threads (tests lower it). */
  parallelFrom?: number;
}

/**
 * readDicomSeriesAsync over files on disk (same names, same `into` semantics: used when big
 * enough). Files the fast path cannot take (compressed, big endian, BitsStored < BitsAllocated,
 * multi-frame, Modality LUT, trailing elements, any error) make the whole series go through the
 * in-memory reader instead.
 */
export async function readDicomSeriesFiles(files: string[], names?: string[], options: FileSeriesOptions = {}): Promise<DicomSeriesResult> {
  let fast: DicomSeriesResult | undefined;
  try {
    fast = files.length ? await readFast(files, names, options) : undefined;
  } catch {
    fast = undefined; // the in-memory reader gives the typed error for this input
  }
  return fast ?? readDicomSeriesAsync(files.map((f) => readFileSync(f)), names, options);
}

/** Open files kept open from the header pass to the pixel pass; beyond, files are reopened. */
const MAX_OPEN = 256;

/** The fast path alone: undefined when the series needs the in-memory reader (exported for tests). */
export async function readFast(files: string[], names: string[] | undefined, options: FileSeriesOptions = {}): Promise<DicomSeriesResult | undefined> {
  const fds: number[] = [];
  try {
    const heads: FileHead[] = [];
    for (let i = 0; i < files.length; i++) {
      const fd = openSync(files[i], 'r');
      fds.push(fd);
      const h = readHead(fd, fstatSync(fd).size, names?.[i] ?? `file ${i + 1}`);
      if (!h) return undefined;
      heads.push(h);
      if (i >= MAX_OPEN) {
        closeSync(fd); // reopened for its pixels
        fds[i] = -1;
      }
    }
    // Several series are an error (DICOM_MIXED_SERIES): the fallback reports it.
    if (heads.some((h) => h.inst.seriesInstanceUid !== heads[0].inst.seriesInstanceUid)) return undefined;
    const layout = layoutSlices(heads.map((h) => h.inst));
    const byInst = new Map(heads.map((h, i) => [h.inst, i]));
    const order = layout.slices.map((inst) => byInst.get(inst)!);
    const fdOf = (i: number) => (fds[i] >= 0 ? fds[i] : (fds[i] = openSync(files[i], 'r')));
    const volume = await fill(order.map((i) => heads[i]), (k) => fdOf(order[k]), layout.geometry, options);
    return volume && { volume, series: seriesValue(layout.slices), warnings: layout.warnings };
  } finally {
    for (const fd of fds) if (fd >= 0) closeSync(fd);
  }
}

/** What the two-thread queue takes: int16 stored values, slope 1, an intercept that fits int16. */
const isCtSlice = (h: FileHead) =>
  h.dtype === 'int16' && h.inst.slope === 1 && Number.isInteger(h.inst.intercept) && h.inst.intercept >= -32768 && h.inst.intercept <= 32767;

/**
 * The output type exactly as assembleVolume picks it: the stored type when no slice rescales
 * and all share it; int16 when every slope/intercept is an integer (undefined here on overflow:
 * assembleVolume would redo it as float32, the fallback does); else float32.
 */
function outputDtype(heads: FileHead[]): Dtype {
  if (heads.every((h) => h.inst.slope === 1 && h.inst.intercept === 0 && h.dtype === heads[0].dtype)) return heads[0].dtype;
  return heads.every((h) => Number.isInteger(h.inst.slope) && Number.isInteger(h.inst.intercept)) ? 'int16' : 'float32';
}

async function fill(heads: FileHead[], fdOf: (k: number) => number, geometry: VolumeValue['geometry'], options: FileSeriesOptions): Promise<VolumeValue | undefined> {
  const dtype = outputDtype(heads);
  const plane = geometry.dims[0] * geometry.dims[1];
  const size = bytesOf(dtype);
  const n = plane * heads.length;
  // Stored values wider than the output cannot be converted in place: fallback.
  if (heads.some((h) => bytesOf(h.dtype) > size)) return undefined;
  const { into } = options;
  const buffer = into && into.byteLength >= n * size ? into : simdBuffer(n * size, { shared: true });
  const out = new CTORS[dtype](buffer, 0, n);
  const bytes = new Uint8Array(buffer, 0, n * size);
  const int16: SliceJob[] = [];
  for (let k = 0; k < heads.length; k++) {
    const h = heads[k];
    const { slope, intercept } = h.inst;
    if (dtype === 'int16' && isCtSlice(h)) {
      // The CT case: read into its place and rescaled there, on two threads when worth it.
      int16.push({ fd: fdOf(k), pixelOffset: h.pixelOffset, pixelBytes: h.pixelBytes, dst: k * plane * 2, intercept });
      continue;
    }
    // Narrower stored values go to the end of the slice's region so the forward conversion
    // below never overwrites a stored value before reading it.
    const at = (k + 1) * plane * size - h.pixelBytes;
    if (!readFully(fdOf(k), bytes, at, h.pixelBytes, h.pixelOffset)) return undefined;
    if (dtype === h.dtype && slope === 1 && intercept === 0) continue;
    const stored = new CTORS[h.dtype](buffer, at, plane);
    if (!convert(stored, h, out, k * plane, plane)) return undefined;
  }
  if (int16.length && !(await new SliceQueue(buffer, int16, options.parallelFrom).finish())) return undefined;
  return { type: 'volume', dtype, geometry, data: out };
}

/** One slice, the same arithmetic as assembleVolume; false on int16 overflow. */
function convert(stored: TypedArray, h: FileHead, out: TypedArray, base: number, plane: number): boolean {
  const { slope, intercept } = h.inst;
  if (out instanceof Int16Array) return rescaleChecked(stored, slope, intercept, out, base, plane);
  for (let i = 0; i < plane; i++) out[base + i] = stored[i] * slope + intercept;
  return true;
}
