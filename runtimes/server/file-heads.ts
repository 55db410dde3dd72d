// Header reads of scan files on disk (Node): the first bytes of a file, a NIfTI header out of a
// gzip prefix without inflating the body, a DICOM dataset up to its Pixel Data. Services call these.
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { RuntimeError } from '../core/errors';
import { parseDicom, type DataSet } from '../imaging/dicom/parse';
import { isGzip } from '../imaging/nifti/gzip';
import { NII_VOX_OFFSET } from '../imaging/nifti/header';

/**
 * The deflated 352-byte NIfTI header sits in the first few hundred bytes, so a prefix of
 * NIFTI_PREFIX_BYTES is fed to a streamed gunzip with small output chunks, read until the header
 * is out, then destroyed (zlib honours backpressure: a few KiB are inflated, whatever the body expands to).
 */
export const NIFTI_PREFIX_BYTES = 64 * 1024;
const GZIP_CHUNK_BYTES = 4096;

/** The first (up to) 352 bytes of the NIfTI content behind `prefix` (raw or gzip). Short or corrupt gzip: what came out. */
export async function niftiHeadOf(prefix: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(prefix)) return prefix.subarray(0, NII_VOX_OFFSET);
  const gunzip = createGunzip({ chunkSize: GZIP_CHUNK_BYTES });
  gunzip.on('error', () => {}); // a prefix ends mid-stream: the iterator below reports, or we stop first
  gunzip.end(prefix.subarray(0, NIFTI_PREFIX_BYTES));
  const out = new Uint8Array(NII_VOX_OFFSET);
  let got = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      out.set(chunk.subarray(0, NII_VOX_OFFSET - got), got);
      got = Math.min(NII_VOX_OFFSET, got + chunk.length);
      if (got === NII_VOX_OFFSET) break;
    }
  } catch {
    // truncated or corrupt: the header parser judges the bytes that came out
  } finally {
    gunzip.destroy();
  }
  return out.subarray(0, got);
}

/** The first (up to) `n` bytes of a file. */
export async function readPrefix(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The header bytes of a NIfTI file on disk (reads at most NIFTI_PREFIX_BYTES). */
export const readNiftiHead = async (file: string) => niftiHeadOf(await readPrefix(file, NIFTI_PREFIX_BYTES));

/** Files up to this size are parsed whole; larger ones (multi-frame) up to their Pixel Data header. */
const DICOM_WHOLE_BYTES = 4 * 1024 * 1024;

/**
 * The dataset of a DICOM file on disk, pixels never decoded: slices are parsed whole; a larger
 * file only up to its Pixel Data header (read from a prefix, the whole file only when the header
 * does not fit in it), its length checked against the file. Throws parseDicom's RuntimeErrors.
 */
export async function parseDicomFile(file: string, size: number, fileName: string): Promise<DataSet> {
  if (size <= DICOM_WHOLE_BYTES) return parseDicom(await readPrefix(file, size), fileName);
  try {
    const ds = parseDicom(await readPrefix(file, DICOM_WHOLE_BYTES), fileName, { untilTag: 'x7fe00010' });
    const pixels = ds.elements.x7fe00010;
    if (pixels && pixels.length > 0 && pixels.dataOffset + pixels.length > size) {
      throw new RuntimeError('DICOM_PARSE', `${fileName}: the pixel data is truncated`, { truncated: true, pixels: true });
    }
    return ds;
  } catch (e) {
    if (e instanceof RuntimeError && e.code === 'DICOM_PARSE' && e.details?.truncated && !e.details.pixels) {
      return parseDicom(await readPrefix(file, size), fileName);
    }
    throw e;
  }
}
