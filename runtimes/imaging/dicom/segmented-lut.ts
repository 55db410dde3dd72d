import { RuntimeError } from '../../core/errors';
import { lutDescriptor, type Lut } from './lut';
import type { DataSet } from './parse';

/**
 * Segmented Palette Color LUT Data (0028,1221-1223), PS3.3 C.7.9.2, expanded to the `Lut` that
 * readLut gives for plain LUT Data. The data is a series of segments [opcode, length, ...]
 * in units of one LUT entry: 16-bit words, or bytes (low byte of each OW word first) when the
 * descriptor says 8 bits per entry, as pydicom and highdicom read it (GDCM leaves 8 bits
 * unimplemented). Malformed data throws DICOM_PARSE.
 */
export function readSegmentedLut(ds: DataSet, descriptorTag: string, dataTag: string, name: string): Lut | undefined {
  const data = ds.elements[dataTag];
  if (!ds.elements[descriptorTag] || !data) return undefined;
  const { entries, first, bits } = lutDescriptor(ds, descriptorTag, false);
  const what = `${name}: Segmented Palette Color LUT Data ${tagName(dataTag)}`;
  if (bits !== 8 && bits !== 16) throw new RuntimeError('DICOM_PARSE', `${what}: its descriptor says ${bits} bits per entry, only 8 or 16 are defined`);
  const words = new Uint16Array(data.length >> 1);
  for (let i = 0; i < words.length; i++) words[i] = ds.uint16(dataTag, i) ?? 0;
  const units = bits === 16 ? words : Uint8Array.from({ length: words.length * 2 }, (_, i) => (i % 2 ? words[i >> 1] >> 8 : words[i >> 1] & 0xff));
  return { first, bits, data: expandSegments(units, bits === 16 ? 2 : 1, entries, what) };
}

const tagName = (t: string) => `(${t.slice(1, 5)},${t.slice(5)})`.toUpperCase();

interface Segment {
  /** Index of the opcode, in units. */
  at: number;
  op: number;
  /** Entries (discrete, linear) or segments to copy (indirect). */
  len: number;
}

/**
 * Expands segment `units` (entries of `unitBytes` bytes) to exactly `entries` LUT entries.
 * - discrete (0): the `len` values that follow;
 * - linear (1): `len` entries on the straight line from the previous entry (x0, y0) to
 *   (x0 + len, y1), i.e. y0 + (y1 - y0) * k / len for k = 1..len, ending on y1 (C.7.9.2.2),
 *   rounded half up (the standard leaves rounding open; this is GDCM's arithmetic);
 * - indirect (2): runs the `len` segments from the one at a 32-bit byte offset (least
 *   significant 16 bits first) again; a copied linear segment starts from the current last
 *   entry.
 * The expansion "shall have the number of table entries" of the descriptor (C.7.9.2), so a
 * short one is an error, not padded: padding would invent colours the file does not define.
 */
export function expandSegments(units: ArrayLike<number>, unitBytes: 1 | 2, entries: number, what: string): Uint16Array {
  const bad = (message: string) => new RuntimeError('DICOM_PARSE', `${what}: ${message}`);
  const byteAt = (s: Segment) => `segment at byte ${s.at * unitBytes}`;
  const segments = parseSegments(units, unitBytes, bad);
  const byStart = new Map(segments.map((s, i) => [s.at, i]));
  const out = new Uint16Array(entries);
  let n = 0;
  // Every non-empty run writes at least one of the `entries`; more runs than this can only be
  // empty segments copied over and over, which must not spin for minutes on hostile data.
  const limit = entries + segments.length;
  let runs = 0;
  const run = (s: Segment, via?: Segment) => {
    if (++runs > limit) throw bad(`more than ${limit} segment runs: indirect segments copy empty segments over and over`);
    if (n + s.len > entries) throw bad(`the ${byteAt(s)}${via ? ` (copied by the indirect ${byteAt(via)})` : ''} expands past the descriptor's ${entries} entries`);
    if (s.op === 0) {
      for (let k = 0; k < s.len; k++) out[n++] = units[s.at + 2 + k];
      return;
    }
    if (n === 0) throw bad(`the linear ${byteAt(s)} comes first, but it starts from the previous entry`);
    const [y0, y1] = [out[n - 1], units[s.at + 2]];
    for (let k = 1; k <= s.len; k++) out[n++] = Math.floor(y0 + (k / s.len) * (y1 - y0) + 0.5);
  };
  for (const s of segments) {
    if (s.op !== 2) {
      run(s);
      continue;
    }
    const w = s.at + 2;
    const offset = unitBytes === 2 ? units[w] + units[w + 1] * 0x10000 : units[w] + units[w + 1] * 0x100 + units[w + 2] * 0x10000 + units[w + 3] * 0x1000000;
    const from = offset % unitBytes ? undefined : byStart.get(offset / unitBytes);
    if (from === undefined) throw bad(`the indirect ${byteAt(s)} points to byte ${offset}, which does not start a segment`);
    if (from + s.len > segments.length) throw bad(`the indirect ${byteAt(s)} copies ${s.len} segments from byte ${offset}, past the last segment`);
    for (let i = from; i < from + s.len; i++) {
      // C.7.9.2.3 forbids it: it is how an indirect segment would recurse, possibly forever.
      if (segments[i].op === 2) throw bad(`the indirect ${byteAt(s)} copies the indirect ${byteAt(segments[i])}`);
      run(segments[i], s);
    }
  }
  if (n < entries) throw bad(`the segments expand to ${n} entries, the descriptor says ${entries}`);
  return out;
}

function parseSegments(units: ArrayLike<number>, unitBytes: 1 | 2, bad: (m: string) => RuntimeError): Segment[] {
  const segments: Segment[] = [];
  for (let at = 0; at < units.length; ) {
    // 8-bit segments of an odd byte count fill the last OW word with a zero byte.
    if (unitBytes === 1 && at === units.length - 1 && units[at] === 0) break;
    const op = units[at];
    const size = op === 0 ? 2 + (units[at + 1] ?? 0) : op === 1 ? 3 : op === 2 ? 2 + 4 / unitBytes : 0;
    if (!size) throw bad(`unknown segment opcode ${op} at byte ${at * unitBytes} (0 discrete, 1 linear, 2 indirect)`);
    if (at + size > units.length) throw bad(`the segment at byte ${at * unitBytes} (opcode ${op}) runs past the end of the data (${units.length * unitBytes} bytes)`);
    segments.push({ at, op, len: units[at + 1] });
    at += size;
  }
  return segments;
}
