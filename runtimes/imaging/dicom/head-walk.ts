// The top-level elements of a little-endian DICOM file up to the Pixel Data element header, for
// header-only reads of big series: dicom-parser's own parse (its public parseDicom, through
// parse.ts) stopped at Pixel Data with its documented `untilTag` option, so the element table,
// offsets and errors are exactly the in-memory reader's.
import { parseDicom, type DataSet, type Element } from './parse';

export const PIXEL_DATA = 'x7fe00010';
/** Transfer syntaxes whose pixel data the file fast path reads (both little endian): implicit / explicit VR. */
export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

export type HeadWalk =
  /** Elements up to and including the Pixel Data header (its dataOffset/length as in the file). */
  | { kind: 'ok'; ds: DataSet; transferSyntax: string; pixelData: Element }
  /** The bytes end before the Pixel Data header (or the file is broken): read more of the file. */
  | { kind: 'more' }
  /** Not for the fast path (no Part 10 prefix, another transfer syntax). */
  | { kind: 'other' };

const hasPart10Prefix = (b: Uint8Array) => b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d; // "DICM"

/**
 * Parses the first `bytes` of a Part 10 file (implicit or explicit VR little endian) up to the
 * Pixel Data element header. The returned data set holds every top-level element before it
 * (meta elements merged in, as dicom-parser does) and is backed by `bytes`. A parse error is
 * 'more': the bytes may just end early; the caller decides once it has read the whole file.
 */
export function walkHead(bytes: Uint8Array): HeadWalk {
  if (bytes.length < 132) return { kind: 'more' };
  if (!hasPart10Prefix(bytes)) return { kind: 'other' };
  let ds: DataSet;
  try {
    ds = parseDicom(bytes, 'the header', { untilTag: PIXEL_DATA });
  } catch {
    return { kind: 'more' };
  }
  const ts = ds.string('x00020010');
  if (ts !== IMPLICIT_LE && ts !== EXPLICIT_LE) return { kind: 'other' };
  const pixelData = ds.elements[PIXEL_DATA];
  return pixelData ? { kind: 'ok', ds, transferSyntax: ts, pixelData } : { kind: 'more' };
}
