import { decodeStoredPixels } from './decode';
import { displayWindow } from './display';
import { parseDicom } from './parse';
import { modalityTransform, realWorldValues } from './semantics';

/**
 * What a viewer needs to show a DICOM series as its producer meant it, in real-world units
 * (the units of the volume the reader assembles: HU for CT):
 * - window: the initial VOI window (Window Center/Width, else the VOI LUT Sequence's input
 *   range as a linear window, else the image's min..max);
 * - invert: MONOCHROME1 (0 = white).
 * JSON-safe, so it travels beside the NIfTI the viewer loads.
 */
export interface DisplayDefaults {
  photometric: string;
  invert: boolean;
  window: { center: number; width: number };
  source: 'header' | 'voi-lut' | 'minmax';
}

/** Display defaults of one DICOM file (the first of the series: the VOI module is per image). */
export async function displayDefaults(bytes: Uint8Array, name = 'image'): Promise<DisplayDefaults> {
  const ds = parseDicom(bytes, name);
  const { info, data } = await decodeStoredPixels(ds, name);
  // The first frame is enough for the min..max fallback and keeps big multi-frame files cheap.
  const frame = data.subarray(0, info.rows * info.cols * info.samples);
  const w = displayWindow(ds, info, realWorldValues(frame, modalityTransform(ds, info, name)), name);
  const base = { photometric: info.photometric, invert: w.invert };
  if (w.kind === 'window') return { ...base, window: { center: w.center, width: w.width }, source: w.source };
  // A VOI LUT maps [first, first + entries - 1] onto the display range: a linear window over it.
  const lo = w.lut.first;
  const width = Math.max(w.lut.data.length - 1, 1);
  return { ...base, window: { center: lo + width / 2, width }, source: 'voi-lut' };
}
