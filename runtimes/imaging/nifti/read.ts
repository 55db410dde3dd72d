import type { Dtype } from '../../../domain/ports';
import { HOST_LITTLE_ENDIAN, TYPED_ARRAYS, bytesOf, swapBytes } from '../../core/dtype';
import { RuntimeError, isRuntimeError } from '../../core/errors';
import type { Geometry, TypedArray, VolumeValue } from '../../core/values';
import { niftiAffineToGeometry, type Affine, type Vec3 } from '../geometry';
import { gunzip, gunzipAsync, isGzip } from './gzip';
import { layoutOf, volumeDims } from './head';
import { HEADER_SIZE, parseHeader, type NiftiHeader } from './header';
import { quaternToAffine } from './quaternion';

/** Typed arrays index with 32-bit lengths; beyond this the header is nonsense for a 3D scan. */

/**
 * Reads a NIfTI-1 file (.nii, or .nii.gz detected by its magic bytes) into a volume with LPS
 * geometry. Throws only RuntimeError: EMPTY_INPUT, TRUNCATED_INPUT, UNSUPPORTED_FORMAT,
 * CORRUPT_INPUT. The result never aliases `bytes` (callers may reuse their buffer).
 */
export function readNifti(bytes: Uint8Array): VolumeValue {
  return typed(() => read(bytes, isGzip(bytes) ? gunzip(bytes) : undefined));
}

/**
 * readNifti with a .nii.gz inflated off the event loop where the host can (gunzipAsync: Node's
 * zlib thread pool), for the server's reads of whole volumes; the same volume and errors.
 */
export async function readNiftiAsync(bytes: Uint8Array): Promise<VolumeValue> {
  if (!isGzip(bytes)) return readNifti(bytes);
  const inflated = await gunzipAsync(bytes).catch((e: unknown) => Promise.reject(asRuntimeError(e)));
  return typed(() => read(bytes, inflated));
}

function typed<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw asRuntimeError(e);
  }
}

const asRuntimeError = (e: unknown) => (isRuntimeError(e) ? e : new RuntimeError('CORRUPT_INPUT', `the NIfTI file could not be read: ${(e as Error)?.message ?? String(e)}`));

/** `inflated`: the decompressed bytes of a .nii.gz (ours to view), or undefined for a plain .nii. */
function read(bytes: Uint8Array, inflated: Uint8Array | undefined): VolumeValue {
  if (bytes.length === 0) throw new RuntimeError('EMPTY_INPUT', 'the file is empty (0 bytes)');
  const gz = inflated !== undefined;
  const raw = inflated ?? bytes;
  const h = parseHeader(raw);
  const layout = layoutOf(h);
  const dims = volumeDims(layout.dims);
  const dtype = layout.dtype;
  if (h.bitpix !== bytesOf(dtype) * 8) throw new RuntimeError('CORRUPT_INPUT', `bitpix ${h.bitpix} does not match datatype ${dtype}`);
  if (!Number.isInteger(h.voxOffset) || h.voxOffset < HEADER_SIZE) {
    throw new RuntimeError('CORRUPT_INPUT', `vox_offset ${h.voxOffset} is not a valid data offset`);
  }
  const nvox = dims[0] * dims[1] * dims[2];
  const need = h.voxOffset + nvox * bytesOf(dtype);
  if (raw.length < need) {
    throw new RuntimeError('TRUNCATED_INPUT', `the NIfTI data is truncated: ${raw.length} bytes, the header needs ${need}`);
  }
  // Decompressed bytes are ours: aligned little-endian data can be viewed without a copy.
  const data = voxels(raw, h.voxOffset, nvox, dtype, h.littleEndian, gz);
  const scaled = applyScaling(data, dtype, h.sclSlope, h.sclInter);
  return { type: 'volume', dtype: scaled.dtype, geometry: headerGeometry(h, dims), data: scaled.data };
}

/** The header's dims (checked by layoutOf) as [x, y, z]; a 4th..7th dimension is accepted only with size 1. */

function voxels(raw: Uint8Array, offset: number, nvox: number, dtype: Dtype, fileLE: boolean, owned: boolean): TypedArray {
  const size = bytesOf(dtype);
  const swap = size > 1 && fileLE !== HOST_LITTLE_ENDIAN;
  if (owned && !swap && (raw.byteOffset + offset) % size === 0) return new TYPED_ARRAYS[dtype](raw.buffer, raw.byteOffset + offset, nvox);
  const copy = raw.slice(offset, offset + nvox * size);
  if (swap) swapBytes(copy, size);
  return new TYPED_ARRAYS[dtype](copy.buffer, 0, nvox);
}

/** scl_slope 0 (or NaN) or 1/0 means "no scaling": keep the stored type; else float32. */
function applyScaling(data: TypedArray, dtype: Dtype, slope: number, inter: number): { data: TypedArray; dtype: Dtype } {
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && (inter === 0 || !Number.isFinite(inter)))) return { data, dtype };
  const b = Number.isFinite(inter) ? inter : 0;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * slope + b;
  return { data: out, dtype: 'float32' };
}

/** Units code (xyzt_units & 7): 1 metre, 2 mm, 3 micron; unknown counts as mm. */
function unitToMm(units: number): number {
  const u = units & 7;
  return u === 1 ? 1000 : u === 3 ? 0.001 : 1;
}

/** sform if set and usable, else qform, else pixdim (ANALYZE-style, RAS axes). */
function headerGeometry(h: NiftiHeader, dims: Vec3): Geometry {
  const k = unitToMm(h.xyztUnits);
  const scaled = (a: Affine): Affine => a.map((row) => row.map((x) => x * k)) as Affine;
  const pix = [1, 2, 3].map((i) => Math.abs(h.pixdim[i]) || 1) as Vec3;
  const transforms: (() => Affine)[] = [];
  if (h.sformCode > 0) transforms.push(() => h.srow);
  if (h.qformCode > 0) transforms.push(() => quaternToAffine(h.quatern, h.qoffset, pix, h.pixdim[0]));
  for (const affine of transforms) {
    try {
      return niftiAffineToGeometry(scaled(affine()), dims);
    } catch {
      // A degenerate sform/qform (zero column, NaN): fall through to the next description.
    }
  }
  return niftiAffineToGeometry(scaled([[pix[0], 0, 0, 0], [0, pix[1], 0, 0], [0, 0, pix[2], 0]]), dims);
}
