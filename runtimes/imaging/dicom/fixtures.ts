import type { DataSet } from './parse';

/**
 * Test fixtures: tiny synthetic DICOM Part 10 files (explicit VR, little or big endian), so
 * series-assembly edge cases (orientations, gaps, rescale, bit depths) are tested without the
 * corpus. Only what the tests need; not a general DICOM writer.
 */
export interface SyntheticSlice {
  seriesUid?: string;
  instance?: number;
  position?: [number, number, number];
  orientation?: number[];
  rows?: number;
  cols?: number;
  bitsAllocated?: 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  slope?: number;
  intercept?: number;
  frames?: number;
  transferSyntax?: string;
  /** Stored values, row by row; default: a ramp. Encoded as the stored type. */
  pixels?: number[];
  /** Bytes missing from the pixel data (its length field says so too: a short element). */
  cut?: number;
  /** Photometric Interpretation; default MONOCHROME2. */
  photometric?: string;
  /** Further elements whose values are 16-bit words (US, SS, OW), in the file's byte order. */
  words?: SyntheticWords[];
}

export interface SyntheticWords {
  group: number;
  element: number;
  vr: 'US' | 'SS' | 'OW';
  values: number[];
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);
const enc = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

function element(group: number, elem: number, vr: string, value: number[], le: boolean): number[] {
  const out: number[] = [];
  const u16 = (v: number) => (le ? out.push(v & 0xff, v >> 8) : out.push(v >> 8, v & 0xff));
  const u32 = (v: number) => (le ? out.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24) : out.push(v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff));
  u16(group);
  u16(elem);
  out.push(...enc(vr));
  if (LONG_VRS.has(vr)) {
    u16(0);
    u32(value.length);
  } else {
    u16(value.length);
  }
  return out.concat(value);
}

/** Even-length string value: UI padded with NUL, others with space. */
const text = (s: string, vr: string) => enc(s.length % 2 ? s + (vr === 'UI' ? '\0' : ' ') : s);

export function syntheticDicom(o: SyntheticSlice = {}): Uint8Array {
  const ts = o.transferSyntax ?? '1.2.840.10008.1.2.1';
  const le = ts !== '1.2.840.10008.1.2.2';
  const [rows, cols, bits] = [o.rows ?? 4, o.cols ?? 3, o.bitsAllocated ?? 16];
  const n = rows * cols * (o.frames ?? 1);
  const values = o.pixels ?? Array.from({ length: n }, (_, i) => i * 10 + (o.instance ?? 0));
  const px: number[] = [];
  for (const v of values) {
    if (bits === 8) px.push(v & 0xff);
    else px.push(...(le ? [v & 0xff, (v >> 8) & 0xff] : [(v >> 8) & 0xff, v & 0xff]));
  }
  if (o.cut) px.length -= o.cut;
  const ds = (g: number, e: number, vr: string, v: number[] | string) => ({ tag: g * 0x10000 + e, bytes: element(g, e, vr, typeof v === 'string' ? text(v, vr) : v, le) });
  const us = (v: number) => (le ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const body = [
    ds(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    ds(0x0008, 0x0018, 'UI', `1.2.3.4.${o.instance ?? 1}`),
    ds(0x0008, 0x0060, 'CS', 'CT'),
    ds(0x0020, 0x000d, 'UI', '1.2.3'),
    ds(0x0020, 0x000e, 'UI', o.seriesUid ?? '1.2.3.1'),
    ds(0x0020, 0x0013, 'IS', String(o.instance ?? 1)),
    ...(o.position ? [ds(0x0020, 0x0032, 'DS', o.position.join('\\'))] : []),
    ...(o.position ? [ds(0x0020, 0x0037, 'DS', (o.orientation ?? [1, 0, 0, 0, 1, 0]).join('\\'))] : []),
    ds(0x0028, 0x0002, 'US', us(1)),
    ds(0x0028, 0x0004, 'CS', o.photometric ?? 'MONOCHROME2'),
    ...(o.frames ? [ds(0x0028, 0x0008, 'IS', String(o.frames))] : []),
    ds(0x0028, 0x0010, 'US', us(rows)),
    ds(0x0028, 0x0011, 'US', us(cols)),
    ds(0x0028, 0x0030, 'DS', '0.5\\0.25'),
    ds(0x0028, 0x0100, 'US', us(bits)),
    ds(0x0028, 0x0101, 'US', us(o.bitsStored ?? bits)),
    ds(0x0028, 0x0103, 'US', us(o.signed ? 1 : 0)),
    ...(o.intercept !== undefined ? [ds(0x0028, 0x1052, 'DS', String(o.intercept))] : []),
    ...(o.slope !== undefined ? [ds(0x0028, 0x1053, 'DS', String(o.slope))] : []),
    ds(0x7fe0, 0x0010, bits === 8 ? 'OB' : 'OW', px.length % 2 ? [...px, 0] : px),
    ...(o.words ?? []).map((w) => ds(w.group, w.element, w.vr, w.values.flatMap(us))),
  ]
    .sort((a, b) => a.tag - b.tag) // a dataset is in ascending tag order (PS3.5 7.1)
    .flatMap((e) => e.bytes);
  const meta = element(0x0002, 0x0010, 'UI', text(ts, 'UI'), true);
  const out = new Uint8Array(132 + meta.length + body.length);
  out.set(enc('DICM'), 128);
  out.set(meta, 132);
  out.set(body, 132 + meta.length);
  return out;
}

/** The top-level element table as dicom-parser builds it (what the walker must reproduce). */
export const elementTable = (ds: DataSet, upTo: number) =>
  Object.fromEntries(Object.values(ds.elements).filter((e) => e.dataOffset <= upTo).map((e) => [e.tag, [e.vr, e.length, e.dataOffset]]));
