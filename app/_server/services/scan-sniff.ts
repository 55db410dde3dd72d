import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { RuntimeError } from '../../../runtimes/core/errors';
import { parseDicom } from '../../../runtimes/imaging/dicom/parse';
import { BYTES, DTYPE_OF, NII_VOX_OFFSET, datatypeName, parseHeader } from '../../../runtimes/imaging/nifti/header';
import { ServiceError } from '../errors';

/**
 * Upload validation by content (never by extension alone), streaming so a multi-GiB NIfTI is
 * checked without loading it: gzip integrity end to end, NIfTI-1 header, and that the data
 * the header promises is all there. DICOM: a parse by the runtime's adapter. Everything throws ServiceError (upload codes) so route handlers map it once.
 */

const UPLOAD_CODE = {
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_UPLOAD',
  TRUNCATED_INPUT: 'TRUNCATED_UPLOAD',
  CORRUPT_INPUT: 'CORRUPT_UPLOAD',
  EMPTY_INPUT: 'EMPTY_UPLOAD',
} as const;

/** Re-raise a reader's RuntimeError as the upload error clients see, naming the file. */
function asUploadError(e: unknown, fileName: string): never {
  if (e instanceof RuntimeError && e.code in UPLOAD_CODE) {
    throw new ServiceError(UPLOAD_CODE[e.code as keyof typeof UPLOAD_CODE], `${fileName}: ${e.message}`, { file: fileName });
  }
  throw e;
}

async function head(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** First `keep` bytes and total length of the file's (decompressed if gzip) content. */
async function scanContent(file: string, gz: boolean, keep: number): Promise<{ start: Uint8Array; length: number }> {
  const start = new Uint8Array(keep);
  let length = 0;
  const source = createReadStream(file);
  const stream = gz ? source.pipe(createGunzip()) : source;
  if (gz) source.on('error', (e) => stream.destroy(e));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (length < keep) start.set(chunk.subarray(0, keep - length), length);
      length += chunk.length;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new RuntimeError('TRUNCATED_INPUT', 'the gzip stream is truncated (incomplete upload?)');
    if (code?.startsWith('Z_')) throw new RuntimeError('CORRUPT_INPUT', `the gzip stream is corrupt: ${(e as Error).message}`);
    throw e;
  }
  return { start: start.subarray(0, Math.min(keep, length)), length };
}

/** Is this a NIfTI file worth a full check? (gzip, or a NIfTI sizeof_hdr in either byte order) */
export async function looksLikeNifti(file: string): Promise<boolean> {
  const b = await head(file, 4);
  if (isGzip(b)) return true;
  if (b.length < 4) return false;
  const v = new DataView(b.buffer, b.byteOffset, 4);
  return [348, 540].some((n) => v.getInt32(0, true) === n || v.getInt32(0, false) === n);
}

/** Full NIfTI-1 check; returns the volume dims [x, y, z] (extra dims of size 1 allowed). */
export async function checkNifti(file: string, fileName: string): Promise<{ dims: number[]; dtype: string }> {
  try {
    const gz = isGzip(await head(file, 2));
    const { start, length } = await scanContent(file, gz, NII_VOX_OFFSET);
    const h = parseHeader(start);
    const dtype = DTYPE_OF.get(h.datatype);
    if (!dtype) throw new RuntimeError('UNSUPPORTED_FORMAT', `NIfTI datatype ${datatypeName(h.datatype)} is not supported`);
    const n = h.dim[0];
    const dims = h.dim.slice(1, n + 1);
    if (!(n >= 1 && n <= 7) || dims.some((d) => d < 1)) throw new RuntimeError('CORRUPT_INPUT', `bad NIfTI dimensions [${h.dim.join(', ')}]`);
    const need = h.voxOffset + dims.reduce((a, d) => a * d, 1) * BYTES[dtype];
    if (length < need) throw new RuntimeError('TRUNCATED_INPUT', `the NIfTI data is truncated: ${length} bytes, the header needs ${need}`);
    return { dims, dtype };
  } catch (e) {
    return asUploadError(e, fileName);
  }
}

export interface DicomInfo {
  seriesUid?: string;
  seriesDescription?: string;
}

/**
 * DICOM check of one file (slices are a few MiB: read whole) via the runtime's dicom-parser
 * adapter. `undefined`: not DICOM at all; a DICOM file that fails to parse is CORRUPT_UPLOAD.
 */
export function checkDicom(bytes: Uint8Array, fileName: string): DicomInfo | undefined {
  try {
    const ds = parseDicom(bytes, fileName);
    return { seriesUid: ds.string('x0020000e') || undefined, seriesDescription: ds.string('x0008103e') || undefined };
  } catch (e) {
    if (e instanceof RuntimeError && e.code === 'UNSUPPORTED_FORMAT') return undefined;
    if (e instanceof RuntimeError && e.code === 'DICOM_PARSE') throw new ServiceError('CORRUPT_UPLOAD', e.message, { file: fileName });
    return asUploadError(e, fileName);
  }
}
