// Node-only fast path: an uncompressed single-frame DICOM series read from FILES straight into
// a preallocated volume. This thread reads and parses the headers; CT slices are read meanwhile
// by a helper thread (slice-worker.mjs) into their predicted place (early-fill.ts, slice-queue.ts) with one
// positioned read each and rescaled there (WebAssembly SIMD on the volume's own memory). Once
// every header is known and sorted, what was not predicted right or not taken early is read
// into place. Everything else goes through readDicomSeriesAsync, so results and errors are
// always identical to it.
import { closeSync, openSync, readFileSync, readvSync } from 'node:fs';
import type { Dtype } from '../../domain/ports';
import { TYPED_ARRAYS as CTORS, bytesOf } from '../core/dtype';
import type { TypedArray, VolumeValue } from '../core/values';
import { rescaleChecked } from '../imaging/dicom/rescale';
import type { ReadSeriesOptions } from '../imaging/dicom/series-async';
import { readDicomSeriesAsync } from '../imaging/dicom/series-async';
import { seriesValue, type DicomSeriesResult } from '../imaging/dicom/one-series';
import { layoutSlices } from '../imaging/dicom/slices';
import { volumeBuffer } from '../imaging/dicom/simd-rescale';
import { readHead, type FileHead } from './dicom-file-heads';
import { readSlice, type SliceJob } from './slice-fill.mjs';
import { EarlyFill, isCtSlice, type EarlyResult } from './early-fill';
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

/** Open files kept open from the header pass to the pixel pass; beyond, files are closed and reopened. */
export const MAX_OPEN = 1024;

/** The fast path alone: undefined when the series needs the in-memory reader (exported for tests). */
export async function readFast(files: string[], names: string[] | undefined, options: FileSeriesOptions = {}): Promise<DicomSeriesResult | undefined> {
  const n = files.length;
  const fds = new Array<number>(n).fill(-1);
  let early: EarlyFill | undefined;
  try {
    const heads = new Array<FileHead>(n);
    // The first and the last header first: they predict where each slice goes, so CT pixel
    // reads start while the other headers are walked (early-fill.ts).
    const visit = n > 1 ? [0, n - 1, ...Array.from({ length: n - 2 }, (_, j) => j + 1)] : [0];
    for (const [j, i] of visit.entries()) {
      const fd = (fds[i] = openSync(files[i], 'r'));
      const h = readHead(fd, names?.[i] ?? `file ${i + 1}`);
      if (!h) return undefined;
      heads[i] = h;
      if (i === visit[1]) {
        early = EarlyFill.start(heads[0], h, n, options.into, options.parallelFrom);
        early?.add(0, heads[0], fds[0]);
      }
      if (j < MAX_OPEN) {
        early?.add(i, h, fd);
      } else {
        closeSync(fd); // reopened for its pixels
        fds[i] = -1;
      }
    }
    // Several series are an error (DICOM_MIXED_SERIES): the fallback reports it.
    if (heads.some((h) => h.inst.seriesInstanceUid !== heads[0].inst.seriesInstanceUid)) return undefined;
    const layout = layoutSlices(heads.map((h) => h.inst));
    const byInst = new Map(heads.map((h, i) => [h.inst, i]));
    const order = layout.slices.map((inst) => byInst.get(inst)!);
    const done = early ? await early.finish(order) : undefined;
    early = undefined;
    if (done === null) return undefined;
    const fdOf = (i: number) => (fds[i] >= 0 ? fds[i] : (fds[i] = openSync(files[i], 'r')));
    const volume = await fill(order.map((i) => heads[i]), (k) => fdOf(order[k]), layout.geometry, options, done);
    return volume && { volume, series: seriesValue(layout.slices), warnings: layout.warnings };
  } finally {
    await early?.cancel(); // no read may still run on the files closed below
    for (const fd of fds) if (fd >= 0) closeSync(fd);
  }
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

/**
 * The volume from the sorted slices' files. `early` (EarlyFill's result): slots already filled
 * in its buffer, used when the output is int16 of the size it assumed; else everything is read
 * here.
 */
async function fill(heads: FileHead[], fdOf: (k: number) => number, geometry: VolumeValue['geometry'], options: FileSeriesOptions, early: EarlyResult | undefined): Promise<VolumeValue | undefined> {
  const dtype = outputDtype(heads);
  const plane = geometry.dims[0] * geometry.dims[1];
  const size = bytesOf(dtype);
  const n = plane * heads.length;
  // Stored values wider than the output cannot be converted in place: fallback.
  if (heads.some((h) => bytesOf(h.dtype) > size)) return undefined;
  const reuse = early && dtype === 'int16' && early.buffer.byteLength >= n * size ? early : undefined;
  const buffer = reuse?.buffer ?? volumeBuffer(options.into, n * size, { shared: true });
  const out = new CTORS[dtype](buffer, 0, n);
  const bytes = new Uint8Array(buffer, 0, n * size);
  const int16: SliceJob[] = [];
  for (let k = 0; k < heads.length; k++) {
    const h = heads[k];
    const { slope, intercept } = h.inst;
    if (reuse?.done[k]) continue;
    if (dtype === 'int16' && isCtSlice(h)) {
      // The CT case: read into its place and rescaled there, on two threads when worth it.
      int16.push({ fd: fdOf(k), pixelOffset: h.pixelOffset, pixelBytes: h.pixelBytes, tail: h.tail, dst: k * plane * 2, intercept });
      continue;
    }
    // Narrower stored values go to the end of the slice's region so the forward conversion
    // below never overwrites a stored value before reading it.
    const at = (k + 1) * plane * size - h.pixelBytes;
    if (!readSlice(bytes, at, h.pixelBytes, h.tail, fdOf(k), h.pixelOffset, readvSync)) return undefined;
    if (dtype === h.dtype && slope === 1 && intercept === 0) continue;
    const stored = new CTORS[h.dtype](buffer, at, plane);
    if (!convert(stored, h, out, k * plane, plane)) return undefined;
  }
  if (int16.length) {
    const queue = new SliceQueue(buffer, int16.length, int16.length * int16[0].pixelBytes, options.parallelFrom);
    for (const job of int16) queue.push(job);
    if (!(await queue.finish())) return undefined;
  }
  return { type: 'volume', dtype, geometry, data: out };
}

/** One slice, the same arithmetic as assembleVolume; false on int16 overflow. */
function convert(stored: TypedArray, h: FileHead, out: TypedArray, base: number, plane: number): boolean {
  const { slope, intercept } = h.inst;
  if (out instanceof Int16Array) return rescaleChecked(stored, slope, intercept, out, base, plane);
  for (let i = 0; i < plane; i++) out[base + i] = stored[i] * slope + intercept;
  return true;
}
