// The top-level elements of a little-endian DICOM file up to the Pixel Data element header, for
// header-only reads of big series. The same element table dicom-parser builds (the in-memory
// reader's parser), at a fraction of its cost: plain elements are walked here; anything
// dicom-parser treats specially (sequences, undefined lengths, odd VR bytes) is handed to
// dicom-parser's own element readers, so offsets and errors are exactly its own.
import * as dicomParserNs from 'dicom-parser';
import type { ByteStream, DataSet, Element } from 'dicom-parser';

const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;
const { littleEndianByteArrayParser: LE } = dicomParser;
const { ByteStream: Stream, DataSet: DataSetCtor } = dicomParser as unknown as {
  ByteStream: new (parser: unknown, bytes: Uint8Array, position: number) => ByteStream;
  DataSet: new (parser: unknown, bytes: Uint8Array, elements: Record<string, Element>) => DataSet;
};

export const PIXEL_DATA = 0x7fe00010;
/** Transfer syntaxes whose data set this walker reads (both little endian): implicit / explicit VR. */
export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** dicom-parser 1.8's VRs with a 4-byte length (after 2 reserved bytes). */
const LONG_VR = new Set(['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']);
const ITEM = 0xfffee000;
const SEQUENCE_END = 0xfffee0dd;

const keys = new Map<number, string>();
/** dicom-parser's element key: "x" + 8 lowercase hex digits. */
const keyOf = (tag: number) => {
  let k = keys.get(tag);
  if (k === undefined) keys.set(tag, (k = `x${tag.toString(16).padStart(8, '0')}`));
  return k;
};

export type HeadWalk =
  /** Elements up to and including the Pixel Data header (its dataOffset/length as in the file). */
  | { kind: 'ok'; ds: DataSet; transferSyntax: string; pixelData: Element }
  /** The bytes end before the Pixel Data header: read more of the file. */
  | { kind: 'more' }
  /** Not for this walker (no Part 10 prefix, other transfer syntax, no Pixel Data, parse error). */
  | { kind: 'other' };

/**
 * Walks the first `bytes` of a Part 10 file (implicit or explicit VR little endian) to the Pixel
 * Data element header. The returned data set holds every top-level element before it (meta
 * elements overriding, as dicom-parser merges them) and is backed by `bytes`.
 */
export function walkHead(bytes: Uint8Array): HeadWalk {
  if (bytes.length < 132) return { kind: 'more' };
  if (bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) return { kind: 'other' };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta: Record<string, Element> = {};
  let pos = 132;
  try {
    // File meta information: explicit VR little endian, group 0002.
    for (;;) {
      if (pos + 12 > bytes.length) return { kind: 'more' };
      if (dv.getUint16(pos, true) > 2) break;
      pos = element(bytes, dv, pos, false, meta);
    }
    const ts = new DataSetCtor(LE, bytes, meta).string('x00020010');
    if (ts !== IMPLICIT_LE && ts !== EXPLICIT_LE) return { kind: 'other' };
    const implicit = ts === IMPLICIT_LE;
    const elements: Record<string, Element> = {};
    for (;;) {
      if (pos + 12 > bytes.length) return { kind: 'more' };
      const tag = ((dv.getUint16(pos, true) << 16) | dv.getUint16(pos + 2, true)) >>> 0;
      if (tag === PIXEL_DATA) {
        const pixelData = header(bytes, dv, pos, implicit, tag);
        elements[keyOf(tag)] = pixelData;
        Object.assign(elements, meta);
        return { kind: 'ok', ds: new DataSetCtor(LE, bytes, elements), transferSyntax: ts, pixelData };
      }
      pos = element(bytes, dv, pos, implicit, elements);
      if (pos > bytes.length) return { kind: 'more' };
    }
  } catch {
    // dicom-parser ran past the bytes we have (or the file is broken: a longer read decides)
    return bytes.length ? { kind: 'more' } : { kind: 'other' };
  }
}

/** The same elements over other bytes (e.g. a copy of the header alone, so the read buffer can be reused). */
export function rebase(ds: DataSet, bytes: Uint8Array): DataSet {
  return new DataSetCtor(LE, bytes, ds.elements);
}

/** The element header at `pos` as dicom-parser builds it (without reading sequences). */
function header(bytes: Uint8Array, dv: DataView, pos: number, implicit: boolean, tag: number): Element {
  if (implicit) return { tag: keyOf(tag), vr: undefined, length: dv.getUint32(pos + 4, true), dataOffset: pos + 8 } as unknown as Element;
  const vr = String.fromCharCode(bytes[pos + 4], bytes[pos + 5]);
  return LONG_VR.has(vr)
    ? { tag: keyOf(tag), vr, length: dv.getUint32(pos + 8, true), dataOffset: pos + 12 }
    : { tag: keyOf(tag), vr, length: dv.getUint16(pos + 6, true), dataOffset: pos + 8 };
}

const upper = (b: number) => b >= 0x41 && b <= 0x5a;

/** Reads the element at `pos` into `out`; returns the position after it. */
function element(bytes: Uint8Array, dv: DataView, pos: number, implicit: boolean, out: Record<string, Element>): number {
  const tag = ((dv.getUint16(pos, true) << 16) | dv.getUint16(pos + 2, true)) >>> 0;
  const simple = implicit ? true : upper(bytes[pos + 4]) && upper(bytes[pos + 5]);
  const el = simple ? header(bytes, dv, pos, implicit, tag) : undefined;
  if (el && el.length !== 0xffffffff && el.vr !== 'SQ' && !(implicit && looksLikeSequence(dv, el))) {
    out[el.tag] = el;
    return el.dataOffset + el.length;
  }
  // Sequences, undefined lengths, unusual VR bytes: dicom-parser's own element reader.
  const stream = new Stream(LE, bytes, pos);
  const read = implicit ? dicomParser.readDicomElementImplicit(stream) : dicomParser.readDicomElementExplicit(stream, []);
  out[read.tag] = read;
  return stream.position;
}

/** dicom-parser's implicit VR sequence test: the value starts with an item or sequence delimiter tag. */
function looksLikeSequence(dv: DataView, el: Element): boolean {
  const at = el.dataOffset;
  if (at + 4 > dv.byteLength) return false;
  const next = ((dv.getUint16(at, true) << 16) | dv.getUint16(at + 2, true)) >>> 0;
  return next === ITEM || next === SEQUENCE_END;
}
