import type { Dtype } from '../../../domain/ports';
import { RuntimeError } from '../../core/errors';
import { isGzip } from './gzip';
import { bytesOf } from '../../core/dtype';
import { DTYPE_OF, datatypeName, parseHeader, type NiftiHeader } from './header';

/** A NIfTI start worth a full check: gzip, or a NIfTI-1/2 sizeof_hdr (348/540) in either byte order. */
export function looksLikeNifti(b: Uint8Array): boolean {
  if (isGzip(b)) return true;
  if (b.length < 4) return false;
  const v = new DataView(b.buffer, b.byteOffset, 4);
  return [348, 540].some((n) => v.getInt32(0, true) === n || v.getInt32(0, false) === n);
}

const MAX_VOXELS = 2 ** 31;

/**
 * The [x, y, z] of a 3D volume: a 4D (or more) file with more than one volume is refused, with
 * its dimensions, as is a size no real scan has.
 */
export function volumeDims(d: number[]): [number, number, number] {
  if (d.slice(3).some((x) => x !== 1)) {
    throw new RuntimeError('UNSUPPORTED_FORMAT', `only 3D volumes are supported; this file has dimensions [${d.join(', ')}] (${d.slice(3).reduce((a, b) => a * b, 1)} volumes)`);
  }
  const dims: [number, number, number] = [d[0], d[1] ?? 1, d[2] ?? 1];
  if (dims[0] * dims[1] * dims[2] > MAX_VOXELS) throw new RuntimeError('CORRUPT_INPUT', `dimensions [${dims.join(', ')}] are implausibly large`);
  return dims;
}

export interface NiftiLayout {
  /** dim[1..dim[0]] (extra dimensions kept; readNifti accepts them only with size 1). */
  dims: number[];
  dtype: Dtype;
  bytesPerVoxel: number;
  voxOffset: number;
}

/**
 * What a NIfTI header declares, from the header bytes alone (services judge uploads and estimate
 * runs with it): parseHeader's errors, CORRUPT_INPUT for bad dims, UNSUPPORTED_FORMAT for a datatype
 * the studio does not read.
 */
export const niftiLayout = (head: Uint8Array): NiftiLayout => layoutOf(parseHeader(head));

/** niftiLayout of a parsed header (readNifti checks its header here too). */
export function layoutOf(h: NiftiHeader): NiftiLayout {
  const n = h.dim[0];
  const dims = h.dim.slice(1, Math.max(0, Math.min(n, 7)) + 1);
  if (!(n >= 1 && n <= 7) || dims.some((d) => d < 1)) {
    throw new RuntimeError('CORRUPT_INPUT', `bad NIfTI dimensions [${h.dim.join(', ')}]`, { dim: h.dim });
  }
  const dtype = DTYPE_OF.get(h.datatype);
  if (!dtype) throw new RuntimeError('UNSUPPORTED_FORMAT', `NIfTI datatype ${datatypeName(h.datatype)} is not supported`);
  return { dims, dtype, bytesPerVoxel: bytesOf(dtype), voxOffset: h.voxOffset };
}
