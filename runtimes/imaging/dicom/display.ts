import type { ImageInfo } from './image-info';
import { applyLut, firstItem, readLut, type Lut } from './lut';
import type { DataSet } from './parse';

/** How real-world values become screen grey levels (PS3.3 C.11.2 VOI LUT, C.7.6.3.1.2 MONOCHROME1). */
export type DisplayWindow =
  | { kind: 'window'; center: number; width: number; fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID'; invert: boolean; source: 'header' | 'minmax' }
  | { kind: 'lut'; lut: Lut; invert: boolean };

const num = (ds: DataSet, tag: string) => {
  const v = ds.string(tag)?.split('\\')[0]?.trim();
  return v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
};

/**
 * The display window of an image: VOI LUT Sequence, else the first Window Center/Width, else
 * the min..max of the real-world values. MONOCHROME1 (0 = white) sets `invert`.
 */
export function displayWindow(ds: DataSet, info: ImageInfo, realWorld: ArrayLike<number>, name = 'image'): DisplayWindow {
  const invert = info.photometric === 'MONOCHROME1';
  const item = firstItem(ds, 'x00283010');
  const lut = item && readLut(item, 'x00283002', 'x00283006', info.signed, name);
  if (lut) return { kind: 'lut', lut, invert };
  const center = num(ds, 'x00281050');
  const width = num(ds, 'x00281051');
  const fnRaw = ds.string('x00281056')?.trim();
  const fn = fnRaw === 'SIGMOID' || fnRaw === 'LINEAR_EXACT' ? fnRaw : 'LINEAR';
  if (center !== undefined && width !== undefined && width > 0) return { kind: 'window', center, width, fn, invert, source: 'header' };
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < realWorld.length; i++) {
    const v = realWorld[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) [lo, hi] = [lo === Infinity ? 0 : lo, lo === Infinity ? 1 : lo + 1];
  return { kind: 'window', center: (lo + hi) / 2, width: hi - lo, fn: 'LINEAR_EXACT', invert, source: 'minmax' };
}

/** Display values 0..255 (MONOCHROME1 already inverted) for greyscale real-world values. */
export function toDisplay(realWorld: ArrayLike<number>, w: DisplayWindow): Uint8Array {
  const out = new Uint8Array(realWorld.length);
  const f = displayFunction(w);
  for (let i = 0; i < realWorld.length; i++) {
    const y = Math.round(f(realWorld[i]) * 255);
    out[i] = w.invert ? 255 - y : y;
  }
  return out;
}

/** Maps one real-world value to [0, 1] (PS3.3 C.11.2.1.2 formulas). */
function displayFunction(w: DisplayWindow): (v: number) => number {
  if (w.kind === 'lut') {
    const max = 2 ** w.lut.bits - 1;
    return (v) => Math.min(1, applyLut(w.lut, v) / max);
  }
  const { center: c, width } = w;
  if (w.fn === 'SIGMOID') return (v) => 1 / (1 + Math.exp((-4 * (v - c)) / width));
  if (w.fn === 'LINEAR_EXACT') return (v) => clamp01((v - (c - width / 2)) / width);
  // LINEAR: c - 0.5 and width - 1, as the standard defines it for integer displays.
  return (v) => (width <= 1 ? (v > c - 0.5 ? 1 : 0) : clamp01((v - (c - 0.5)) / (width - 1) + 0.5));
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
