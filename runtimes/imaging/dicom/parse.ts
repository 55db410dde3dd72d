import * as dicomParserNs from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { Inflate } from 'fflate';
import { RuntimeError, isRuntimeError } from '../../core/errors';
import { inflateLimit, inflateTooLarge } from '../nifti/gzip';

// dicom-parser is a UMD bundle: Node's ESM loader exposes it as `default` only, bundlers as
// named exports. Take whichever holds the functions.
const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

/** Implicit VR Little Endian: the default for a bare dataset without a Part 10 header. */
const IMPLICIT_LE = '1.2.840.10008.1.2';

/**
 * Deflated transfer syntax: dicom-parser asks for the whole file with the dataset inflated.
 * fflate instead of dicom-parser's own zlib/pako lookup, so it works in the browser too.
 */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  // Fed in small pieces so a deflate bomb stops near the host's cap (setMaxInflateBytes), not after.
  const limit = inflateLimit();
  const parts: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size > limit) throw inflateTooLarge(limit);
    parts.push(chunk);
  });
  const body = bytes.subarray(position);
  for (let i = 0; i < body.length; i += INFLATE_PIECE_BYTES) inflate.push(body.subarray(i, i + INFLATE_PIECE_BYTES), i + INFLATE_PIECE_BYTES >= body.length);
  const full = new Uint8Array(position + size);
  full.set(bytes.subarray(0, position));
  let at = position;
  for (const p of parts) {
    full.set(p, at);
    at += p.length;
  }
  return full;
}

const INFLATE_PIECE_BYTES = 4096;

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }`: get the text out. */
function messageOf(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return messageOf((e as { exception: unknown }).exception);
  return String(e);
}

function hasPart10Prefix(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d; // "DICM"
}

/**
 * The one adapter over dicom-parser: parse a DICOM file, or throw RuntimeError (EMPTY_INPUT,
 * UNSUPPORTED_FORMAT when it is not DICOM at all, DICOM_PARSE otherwise; `details.truncated`
 * when the parser ran past the end). Tolerant read: a file without the 128-byte preamble and
 * "DICM" whose first element is in group 0008 is parsed as a bare Implicit VR LE dataset.
 * A dataset written in Implicit VR although the meta header names an explicit syntax is read
 * as Implicit VR, as pydicom and GDCM do (DCMTK dcmdump fails on it; see `implicitDespiteMeta`).
 * `untilTag` stops after that top-level element's header (e.g. Pixel Data: header-only reads).
 */
export function parseDicom(bytes: Uint8Array, name = 'the file', { untilTag }: { untilTag?: string } = {}): DataSet {
  if (bytes.length === 0) throw new RuntimeError('EMPTY_INPUT', `${name} is empty (0 bytes)`);
  const part10 = hasPart10Prefix(bytes);
  if (!part10 && !(bytes.length >= 8 && bytes[0] === 0x08 && bytes[1] === 0x00)) {
    throw new RuntimeError('UNSUPPORTED_FORMAT', `${name} is not a DICOM file (no "DICM" prefix)`);
  }
  try {
    if (!part10) return dicomParser.parseDicom(bytes, { TransferSyntaxUID: IMPLICIT_LE, untilTag });
    return implicitDespiteMeta(bytes, untilTag) ?? dicomParser.parseDicom(bytes, { inflater, untilTag });
  } catch (e) {
    if (isRuntimeError(e)) throw e;
    const message = messageOf(e);
    const truncated = /overrun|past end|overread|unexpected EOF|maxPosition/i.test(message);
    throw new RuntimeError('DICOM_PARSE', `${name} could not be parsed${truncated ? ' (it looks truncated)' : ''}: ${message}`, { truncated });
  }
}

/** What a sender needs of a Part 10 file: its meta header's UIDs and where the dataset starts. */
export interface Part10Meta {
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  /** Byte offset of the first dataset element (after preamble, "DICM" and group 0002). */
  datasetOffset: number;
}

/** The File Meta group of a Part 10 file (RuntimeError DICOM_PARSE when it lacks one of the UIDs). */
export function readPart10Meta(bytes: Uint8Array, name = 'the file'): Part10Meta {
  if (!hasPart10Prefix(bytes)) throw new RuntimeError('UNSUPPORTED_FORMAT', `${name} is not a DICOM Part 10 file (no "DICM" prefix)`);
  let meta: DataSet;
  try {
    meta = dicomParser.readPart10Header(bytes);
  } catch (e) {
    throw new RuntimeError('DICOM_PARSE', `${name}: the file meta header could not be read: ${messageOf(e)}`);
  }
  const out = {
    transferSyntaxUid: meta.string('x00020010') ?? '',
    sopClassUid: meta.string('x00020002') ?? '',
    sopInstanceUid: meta.string('x00020003') ?? '',
    datasetOffset: (meta as DataSet & { position: number }).position,
  };
  const missing = Object.entries(out).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw new RuntimeError('DICOM_PARSE', `${name}: the file meta header has no ${missing.join(', ')}`);
  return out;
}

/** Syntaxes whose dataset is explicit VR little endian (not implicit, big endian or deflated). */
const NOT_EXPLICIT_LE = new Set([IMPLICIT_LE, '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']);
const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;

/**
 * pydicom's check (filereader: "Expected explicit VR, but found implicit VR"): when the first
 * dataset element after the meta header has no two-letter VR where explicit VR puts one, the
 * writer used Implicit VR LE whatever (0002,0010) says (pydicom's SC_rgb_jpeg.dcm, written by
 * highdicom 0.1.0). Returns undefined when the dataset really is explicit (the normal path).
 */
function implicitDespiteMeta(bytes: Uint8Array, untilTag: string | undefined): DataSet | undefined {
  const meta = dicomParser.readPart10Header(bytes);
  const ts = meta.string('x00020010');
  const at = (meta as DataSet & { position: number }).position; // end of the meta header (untyped)
  if (!ts || NOT_EXPLICIT_LE.has(ts) || at + 6 > bytes.length || (isUpper(bytes[at + 4]) && isUpper(bytes[at + 5]))) return undefined;
  const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, bytes, at);
  dicomParser.parseDicomDataSetImplicit(meta, stream, bytes.length, { untilTag } as { untilTag: string });
  meta.warnings.push(`the dataset is Implicit VR although the transfer syntax ${ts} is explicit; read as Implicit VR`);
  const pixels = meta.elements.x7fe00010;
  // The implicit reader only finds the end of undefined-length pixel data: list its fragments.
  if (pixels?.hadUndefinedLength && untilTag !== 'x7fe00010') {
    dicomParser.findEndOfEncapsulatedElement(new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, bytes, pixels.dataOffset), pixels, meta.warnings);
  }
  return meta;
}

export type { DataSet, Element } from 'dicom-parser';
