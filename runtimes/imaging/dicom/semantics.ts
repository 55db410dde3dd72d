import type { TypedArray } from '../../core/values';
import type { ImageInfo } from './image-info';
import { applyLut, firstItem, readLut, type Lut } from './lut';
import type { DataSet } from './parse';

/**
 * Three kinds of pixel values, kept apart on purpose:
 * - stored values: what the file encodes (decode.ts; what ORACLE.tsv hashes);
 * - real-world values: after the Modality LUT (rescale slope/intercept or LUT Sequence), e.g. HU;
 * - display values: after the VOI window/LUT and MONOCHROME1 inversion, 0..255 for a screen.
 */
export type ModalityTransform = { kind: 'identity' } | { kind: 'rescale'; slope: number; intercept: number } | { kind: 'lut'; lut: Lut };

const num = (ds: DataSet, tag: string, i = 0) => {
  const v = ds.string(tag)?.split('\\')[i]?.trim();
  return v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
};

/** Modality LUT Sequence wins over Rescale Slope/Intercept (PS3.3 C.11.1: they are exclusive). */
export function modalityTransform(ds: DataSet, info: ImageInfo, name: string): ModalityTransform {
  const item = firstItem(ds, 'x00283000');
  const lut = item && readLut(item, 'x00283002', 'x00283006', info.signed, name);
  if (lut) return { kind: 'lut', lut };
  const slope = num(ds, 'x00281053') ?? 1;
  const intercept = num(ds, 'x00281052') ?? 0;
  return slope === 1 && intercept === 0 ? { kind: 'identity' } : { kind: 'rescale', slope, intercept };
}

/** Real-world values (float32) of greyscale stored values. */
export function realWorldValues(stored: TypedArray, t: ModalityTransform): Float32Array {
  const out = new Float32Array(stored.length);
  if (t.kind === 'identity') out.set(stored);
  else if (t.kind === 'rescale') for (let i = 0; i < stored.length; i++) out[i] = stored[i] * t.slope + t.intercept;
  else for (let i = 0; i < stored.length; i++) out[i] = applyLut(t.lut, stored[i]);
  return out;
}

/**
 * Pixel Padding Value (and Range Limit): stored values that are "no data" (outside the
 * patient). Returns a mask (1 = padding) or undefined when the file declares none.
 */
export function paddingMask(ds: DataSet, stored: TypedArray, info: ImageInfo): Uint8Array | undefined {
  const read = (tag: string) => {
    const v = ds.elements[tag] && (info.signed ? ds.int16(tag) : ds.uint16(tag));
    return v ?? undefined;
  };
  const pad = read('x00280120');
  if (pad === undefined) return undefined;
  const limit = read('x00280121') ?? pad;
  const [lo, hi] = [Math.min(pad, limit), Math.max(pad, limit)];
  const mask = new Uint8Array(stored.length);
  for (let i = 0; i < stored.length; i++) mask[i] = stored[i] >= lo && stored[i] <= hi ? 1 : 0;
  return mask;
}
