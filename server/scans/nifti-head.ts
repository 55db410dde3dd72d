import { footprintOf } from '../../domain/limits/volume';
import { RuntimeError } from '../../runtimes/core/errors';
import { NII_VOX_OFFSET } from '../../runtimes/imaging/nifti/header';
import { looksLikeNifti, niftiLayout } from '../../runtimes/imaging/nifti/head';
import { NIFTI_PREFIX_BYTES, niftiHeadOf } from '../../runtimes/server/file-heads';
import { ServiceError } from '../errors';
import { assertVolumeWithinLimits } from '../volume-limits';

export interface NiftiFootprint {
  dims: number[];
  dtype: string;
  voxels: number;
  bytes: number;
  voxOffset: number;
}

/**
 * Dims, datatype and declared size from a header (runtimes' niftiLayout): RuntimeError for a bad
 * header (UNSUPPORTED_FORMAT, TRUNCATED_INPUT, CORRUPT_INPUT with the dims), 413 VOLUME_TOO_LARGE past the limits.
 */
export function niftiFootprint(head: Uint8Array, fileName: string): NiftiFootprint {
  const { dims, dtype, bytesPerVoxel, voxOffset } = niftiLayout(head);
  const f = footprintOf(dims, bytesPerVoxel);
  assertVolumeWithinLimits(f, fileName, { file: fileName, dims, dtype });
  return { dims, dtype, ...f, voxOffset };
}

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
  if (prefix.length >= 4 && !looksLikeNifti(prefix)) return true;
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
