import { gzipSync, inflateSync } from 'fflate';
import { RuntimeError } from '../../core/errors';

/**
 * gzip for NIfTI (.nii.gz) on fflate, so the same code runs in Node and the browser.
 * Reading parses the gzip header itself: fflate's gunzipSync trusts the trailer's size field,
 * which in a truncated file is arbitrary bytes (up to a 4 GiB allocation).
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
/** Deflate cannot expand data by more than ~1032:1; a larger size field is not trusted. */
const MAX_RATIO = 1032;

const truncated = () => new RuntimeError('TRUNCATED_INPUT', 'the gzip stream is truncated (incomplete download or upload?)');

/** Offset of the deflate stream after the gzip member header. */
function deflateStart(b: Uint8Array): number {
  if (b[2] !== 8) throw new RuntimeError('CORRUPT_INPUT', `gzip compression method ${b[2]} is not deflate`);
  const flags = b[3];
  let p = 10;
  if (flags & FEXTRA) {
    if (p + 2 > b.length) throw truncated();
    p += 2 + (b[p] | (b[p + 1] << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    while (p < b.length && b[p] !== 0) p++;
    p++;
  }
  if (flags & FHCRC) p += 2;
  return p;
}

/** Most bytes one gunzip may produce (a host sets it: the server from STUDIO_MAX_VOLUME_BYTES). */
let maxInflateBytes = Number.POSITIVE_INFINITY;

export function setMaxInflateBytes(bytes: number): void {
  maxInflateBytes = bytes;
}

/** The cap in force (DICOM's deflated transfer syntax shares it). */
export const inflateLimit = () => maxInflateBytes;

export const inflateTooLarge = (limit: number) =>
  new RuntimeError('VOLUME_TOO_LARGE', `the gzip stream inflates past the limit of ${limit} bytes`, { limitBytes: limit });

/**
 * Decompress a gzip file; typed errors: TRUNCATED_INPUT, CORRUPT_INPUT, VOLUME_TOO_LARGE (past
 * `maxInflateBytes`: native zlib stops there; fflate is refused up front by the size field and
 * stopped by a fixed output buffer, so a bomb never inflates past the cap + 1 bytes).
 */
export function gunzip(b: Uint8Array): Uint8Array {
  const m = member(b);
  return checked(native ? native.inflateRaw(m.body, m.cap) : fflateInflate(m.body, m.fixed ? new Uint8Array(m.cap) : undefined, m.limit), m.limit);
}

/**
 * gunzip off the event loop where the host's native deflate can (Node's zlib inflates on its
 * thread pool: a 256^3 volume no longer stalls the loop for its inflate); the same bytes and
 * typed errors. Elsewhere (browsers) it is gunzip.
 */
export async function gunzipAsync(b: Uint8Array): Promise<Uint8Array> {
  if (!native?.inflateRawAsync) return gunzip(b);
  const m = member(b);
  return checked(await native.inflateRawAsync(m.body, m.cap), m.limit);
}

/** The deflate body of a gzip member and how much it may inflate to (`cap`: one byte past the limit at most). */
function member(b: Uint8Array) {
  if (b.length < 18) throw truncated();
  const start = deflateStart(b);
  if (start + 8 > b.length) throw truncated();
  const n = b.length;
  const isize = (b[n - 4] | (b[n - 3] << 8) | (b[n - 2] << 16) | (b[n - 1] << 24)) >>> 0;
  const plausible = isize > 0 && isize <= (n - start) * MAX_RATIO;
  const limit = maxInflateBytes;
  const expected = plausible ? isize : (n - start) * MAX_RATIO;
  if (plausible && isize > limit) throw inflateTooLarge(limit);
  // One byte past the limit tells "too large" apart from "exactly the limit".
  const cap = Math.min(expected, limit + 1);
  return { body: b.subarray(start, n - 8), cap, limit, fixed: plausible || cap < expected };
}

function checked(out: Uint8Array, limit: number): Uint8Array {
  if (out.length > limit) throw inflateTooLarge(limit);
  return out;
}

function fflateInflate(body: Uint8Array, out: Uint8Array | undefined, limit: number): Uint8Array {
  try {
    // With a fixed `out`, fflate stops with a RangeError (or drops the excess) when the data does not fit.
    return inflateSync(body, out ? { out } : undefined);
  } catch (e) {
    if (e instanceof RangeError && out) throw out.length > limit ? inflateTooLarge(limit) : new RuntimeError('CORRUPT_INPUT', 'the gzip data is longer than its size field');
    // fflate error code 0 is "unexpected EOF": the stream stops before its final block.
    if ((e as { code?: number }).code === 0) throw truncated();
    throw new RuntimeError('CORRUPT_INPUT', `the gzip stream is corrupt: ${(e as Error).message}`);
  }
}

/**
 * Deterministic gzip: mtime 0, no file name, fixed OS byte, so equal input gives equal bytes.
 * Level 1 by default: label maps still shrink ~25x, and it is ~3x faster than level 6 on 256^3.
 */
export function gzip(bytes: Uint8Array, level: GzipLevel = 1): Uint8Array {
  return native ? native.gzip(bytes, level) : gzipSync(bytes, { level, mtime: 0 });
}

/** gzip off the event loop where the host's native deflate can (Node: zlib's thread pool); the same bytes. */
export async function gzipAsync(bytes: Uint8Array, level: GzipLevel = 1): Promise<Uint8Array> {
  return native?.gzipAsync ? native.gzipAsync(bytes, level) : gzip(bytes, level);
}

export type GzipLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** A host's native deflate. `inflateRaw` (and `inflateRawAsync`) must throw only the RuntimeErrors `gunzip` documents. */
export interface NativeDeflate {
  gzip(bytes: Uint8Array, level: GzipLevel): Uint8Array;
  inflateRaw(body: Uint8Array, maxOutputBytes: number): Uint8Array;
  /** The same deflate and inflate off the calling thread (gzipAsync, gunzipAsync). */
  gzipAsync?(bytes: Uint8Array, level: GzipLevel): Promise<Uint8Array>;
  inflateRawAsync?(body: Uint8Array, maxOutputBytes: number): Promise<Uint8Array>;
}
let native: NativeDeflate | undefined;

/**
 * Hosts with a native deflate (Node's zlib: ~17x faster than fflate to write a 256^3 label map,
 * ~4x to read the T1) install it at start-up, as runtimes register by target. Output must stay
 * deterministic. Browsers keep fflate.
 */
export function useNativeDeflate(impl: NativeDeflate | undefined): void {
  native = impl;
}

export const truncatedGzip = truncated;
