import { RuntimeError, isRuntimeError } from '../../core/errors';
import { assembleVolume, type Slice } from './assemble';
import { decodeStoredPixels } from './decode';
import { frameInstances } from './frame-instances';
import { oneSeries, seriesValue, type DicomSeriesResult } from './series';
import { layoutSlices } from './slices';

/**
 * readDicomSeries for every transfer syntax and for multi-frame files: decodes each file with
 * the codec registry (async: WASM codecs load lazily), splits multi-frame images into frames
 * placed by their functional groups, then sorts, checks and stacks like the synchronous
 * reader. Greyscale only (colour cannot form a scalar volume: DICOM_UNSUPPORTED).
 */
export async function readDicomSeriesAsync(files: Uint8Array[], names?: string[]): Promise<DicomSeriesResult> {
  try {
    return await read(files, names);
  } catch (e) {
    if (isRuntimeError(e)) throw e;
    throw new RuntimeError('CORRUPT_INPUT', `the DICOM series could not be read: ${(e as Error)?.message ?? String(e)}`);
  }
}

async function read(files: Uint8Array[], names?: string[]): Promise<DicomSeriesResult> {
  const slices: Slice[] = [];
  for (const inst of oneSeries(files, names)) {
    const { info, data } = await decodeStoredPixels(inst.ds, inst.name);
    if (info.samples !== 1 || !info.photometric.startsWith('MONOCHROME')) {
      throw new RuntimeError('DICOM_UNSUPPORTED', `${inst.name} is a ${info.photometric} image with ${info.samples} samples per pixel: only greyscale images form a volume`);
    }
    const plane = info.rows * info.cols;
    frameInstances(inst, info.frames).forEach((frameInst, k) => {
      slices.push({ inst: frameInst, frame: data.subarray(k * plane, (k + 1) * plane), dtype: info.dtype });
    });
  }
  const layout = layoutSlices(slices.map((s) => s.inst));
  const byInst = new Map(slices.map((s) => [s.inst, s]));
  const volume = assembleVolume(layout.slices.map((inst) => byInst.get(inst)!), layout.geometry);
  return { volume, series: seriesValue(layout.slices), warnings: layout.warnings };
}
