import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { RuntimeError } from '../../runtimes/core/errors';
import { parseDicom, type DataSet } from '../../runtimes/imaging/dicom/parse';
import { NII_VOX_OFFSET } from '../../runtimes/imaging/nifti/header';
import { ServiceError } from '../errors';
import { isGzip } from '../../runtimes/imaging/nifti/gzip';
import { declaredImage } from '../../runtimes/imaging/dicom/declared';
import { looksLikeNifti as looksLikeNiftiStart, volumeDims } from '../../runtimes/imaging/nifti/head';
import { parseDicomFile, readNiftiHead, readPrefix } from '../../runtimes/server/file-heads';
import { niftiFootprint } from './nifti-head';

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
    throw new ServiceError(UPLOAD_CODE[e.code as keyof typeof UPLOAD_CODE], `${fileName}: ${e.message}`, { ...e.details, file: fileName });
  }
  throw e;
}

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
export const looksLikeNifti = async (file: string): Promise<boolean> => looksLikeNiftiStart(await readPrefix(file, 4));

/**
 * Full NIfTI-1 check; returns the dims (extra dims of size 1 allowed). The header alone comes
 * first (a streamed gunzip of its first bytes): bad dims and a volume past the limits are
 * refused before the body is inflated; only then is the whole stream checked for integrity.
 */
export async function checkNifti(file: string, fileName: string): Promise<{ dims: number[]; dtype: string }> {
  try {
    const gz = isGzip(await readPrefix(file, 2));
    const { dims, dtype, bytes, voxOffset } = niftiFootprint(await readNiftiHead(file), fileName);
    volumeDims(dims); // a 4D series of volumes is refused here, not at run time
    const { length } = await scanContent(file, gz, NII_VOX_OFFSET);
    const need = voxOffset + bytes;
    if (length < need) throw new RuntimeError('TRUNCATED_INPUT', `the NIfTI data is truncated: ${length} bytes, the header needs ${need}`);
    return { dims, dtype };
  } catch (e) {
    return asUploadError(e, fileName);
  }
}

export interface DicomInfo {
  seriesUid?: string;
  seriesDescription?: string;
  seriesNumber?: string;
  /** Series date, else study date (DICOM DA, YYYYMMDD). */
  date?: string;
  /** rows x columns x frames x samples per pixel, and that x bytes per sample, as declared. */
  voxels: number;
  bytes: number;
}

/**
 * DICOM check of one file on disk via the runtime's dicom-parser adapter, never decoding pixels:
 * slices are parsed whole; a larger file only up to its Pixel Data header (read from a prefix,
 * the whole file only when the header does not fit in it), its length checked against the file.
 * `undefined`: not DICOM at all; a DICOM file that fails to parse is CORRUPT_UPLOAD.
 */
export async function checkDicomFile(file: string, size: number, fileName: string): Promise<DicomInfo | undefined> {
  try {
    return infoOf(await parseDicomFile(file, size, fileName));
  } catch (e) {
    return dicomError(e, fileName);
  }
}

function infoOf(ds: DataSet): DicomInfo {
  const d = declaredImage(ds);
  const voxels = (d.rows ?? 0) * (d.cols ?? 0) * d.frames * d.samples;
  const text = (tag: string) => ds.string(tag)?.trim() || undefined;
  return { seriesUid: d.seriesUid, seriesDescription: d.seriesDescription, seriesNumber: text('x00200011'), date: text('x00080021') ?? text('x00080020'), voxels, bytes: voxels * Math.max(1, Math.ceil(d.bitsAllocated / 8)) };
}

function dicomError(e: unknown, fileName: string): undefined {
  if (e instanceof RuntimeError && e.code === 'UNSUPPORTED_FORMAT') return undefined;
  if (e instanceof RuntimeError && e.code === 'DICOM_PARSE') throw new ServiceError('CORRUPT_UPLOAD', e.message, { file: fileName });
  return asUploadError(e, fileName);
}

/** DICOM check of one file in memory (see checkDicomFile). */
export function checkDicom(bytes: Uint8Array, fileName: string): DicomInfo | undefined {
  try {
    return infoOf(parseDicom(bytes, fileName));
  } catch (e) {
    return dicomError(e, fileName);
  }
}
