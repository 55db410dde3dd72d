import { RuntimeError } from '../../core/errors';
import type { DataSet } from './parse';

/** A LUT from a Modality/VOI LUT Sequence item or a palette: out = data[clamp(v - first)]. */
export interface Lut {
  first: number;
  bits: number;
  data: Uint16Array;
}

/**
 * LUT Descriptor [entries (0 = 65536), first mapped value, bits per entry] + LUT Data (US/OW
 * words). The first mapped value is signed when the VR says SS or the pixels are signed.
 */
export function readLut(ds: DataSet, descriptorTag: string, dataTag: string, signedPixels: boolean, name: string): Lut | undefined {
  const data = ds.elements[dataTag];
  if (!ds.elements[descriptorTag] || !data) return undefined;
  const { entries, first, bits } = lutDescriptor(ds, descriptorTag, signedPixels);
  const words = Math.floor(data.length / 2);
  // 8-bit entries may be packed two per word (OW) in palette LUTs; else one entry per word.
  const packed = bits === 8 && words * 2 === entries;
  if (!packed && words < entries) throw new RuntimeError('DICOM_PARSE', `${name}: LUT ${dataTag} has ${words} entries, its descriptor says ${entries}`);
  const out = new Uint16Array(entries);
  const bytes = ds.byteArray;
  for (let i = 0; i < entries; i++) {
    out[i] = packed ? bytes[data.dataOffset + i] : (ds.uint16(dataTag, i) ?? 0);
  }
  return { first, bits, data: out };
}

/** The LUT Descriptor's three values (the element must be present). */
export function lutDescriptor(ds: DataSet, tag: string, signedPixels: boolean): { entries: number; first: number; bits: number } {
  const entries = ds.uint16(tag, 0) || 65536;
  let first = ds.uint16(tag, 1) ?? 0;
  if ((signedPixels || ds.elements[tag].vr === 'SS') && first > 32767) first -= 65536;
  return { entries, first, bits: ds.uint16(tag, 2) ?? 16 };
}

export function applyLut(lut: Lut, v: number): number {
  const i = Math.round(v) - lut.first;
  return lut.data[i < 0 ? 0 : i >= lut.data.length ? lut.data.length - 1 : i];
}

/** The first item of a sequence as a dataset, if any. */
export function firstItem(ds: DataSet, tag: string): DataSet | undefined {
  return ds.elements[tag]?.items?.[0]?.dataSet;
}
