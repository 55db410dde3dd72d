import { isGzip } from '../../runtimes/imaging/nifti/gzip';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { footprintOf } from '../../domain/limits/volume';
import { bytesOf } from '../../runtimes/core/dtype';
import { RuntimeError } from '../../runtimes/core/errors';
import { DTYPE_OF, NII_VOX_OFFSET, datatypeName, parseHeader } from '../../runtimes/imaging/nifti/header';
import { ServiceError } from '../errors';
import { assertVolumeWithinLimits } from '../volume-limits';

/**
 * A NIfTI header from the first bytes of a file or upload, without inflating the body: the
 * deflated 352-byte header sits in the first few hundred bytes, so a prefix of PREFIX_BYTES is
 * fed to a streamed gunzip with small output chunks, read until the header is out, then
 * destroyed (zlib honours backpressure: a few KiB are inflated, whatever the body expands to).
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

export interface NiftiFootprint {
  dims: number[];
  dtype: string;
  voxels: number;
  bytes: number;
  voxOffset: number;
}

/**
 * Dims, datatype and declared size from a header: RuntimeError for a bad header (UNSUPPORTED_FORMAT,
 * TRUNCATED_INPUT, CORRUPT_INPUT with the dims), 413 VOLUME_TOO_LARGE past the limits.
 */
export function niftiFootprint(head: Uint8Array, fileName: string): NiftiFootprint {
  const h = parseHeader(head);
  const n = h.dim[0];
  const dims = h.dim.slice(1, Math.max(0, Math.min(n, 7)) + 1);
  if (!(n >= 1 && n <= 7) || dims.some((d) => d < 1)) {
    throw new RuntimeError('CORRUPT_INPUT', `bad NIfTI dimensions [${h.dim.join(', ')}]`, { dim: h.dim });
  }
  const dtype = DTYPE_OF.get(h.datatype);
  if (!dtype) throw new RuntimeError('UNSUPPORTED_FORMAT', `NIfTI datatype ${datatypeName(h.datatype)} is not supported`);
  const f = footprintOf(dims, bytesOf(dtype));
  assertVolumeWithinLimits(f, fileName, { file: fileName, dims, dtype });
  return { dims, dtype, ...f, voxOffset: h.voxOffset };
}

const looksLikeNiftiStart = (b: Uint8Array) => {
  if (isGzip(b)) return true;
  if (b.length < 4) return false;
  const v = new DataView(b.buffer, b.byteOffset, 4);
  return [348, 540].some((n) => v.getInt32(0, true) === n || v.getInt32(0, false) === n);
};

const concat = (parts: Uint8Array[]) => (parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts)));

/**
 * Passes an upload through, judging a NIfTI header from its first NIFTI_PREFIX_BYTES as they
 * arrive: a volume past the limits or with bad dims is refused (the body is then torn down
 * unread). Anything else (not NIfTI, a header too short) is left to the full check after staging.
 */
export async function* refuseOversizedNifti(source: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
  let prefix: Uint8Array[] | undefined = [];
  let size = 0;
  for await (const chunk of source) {
    if (prefix) {
      prefix.push(chunk);
      size += chunk.byteLength;
      // Judged as soon as the header is out (a chunk or two), at the latest after the prefix.
      if (await judgePrefix(concat(prefix), fileName, size >= NIFTI_PREFIX_BYTES)) prefix = undefined;
    }
    yield chunk;
  }
  if (prefix) await judgePrefix(concat(prefix), fileName, true);
}

/** true once decided (passed or not NIfTI); throws when refused. */
async function judgePrefix(prefix: Uint8Array, fileName: string, last: boolean): Promise<boolean> {
  if (prefix.length >= 4 && !looksLikeNiftiStart(prefix)) return true;
  const head = prefix.length >= 2 ? await niftiHeadOf(prefix) : prefix;
  if (head.length < NII_VOX_OFFSET && !last) return false;
  try {
    niftiFootprint(head, fileName);
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    if (e.code === 'CORRUPT_INPUT') throw new ServiceError('CORRUPT_UPLOAD', `${fileName}: ${e.message}`, { ...e.details, file: fileName });
  }
  return true;
}
