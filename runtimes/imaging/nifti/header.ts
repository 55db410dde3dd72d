import type { Dtype } from '../../../domain/ports';
import { RuntimeError } from '../../core/errors';

/** NIfTI-1 header (348 bytes) fields this project reads or writes. Offsets from nifti1.h. */
export interface NiftiHeader {
  littleEndian: boolean;
  /** dim[0..7]: dim[0] = number of dimensions, dim[1..3] = x, y, z. */
  dim: number[];
  datatype: number;
  bitpix: number;
  /** pixdim[0] is qfac (+-1); pixdim[1..3] voxel size. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  qoffset: [number, number, number];
  srow: [number[], number[], number[]];
  intentCode: number;
  descrip: string;
}

export const HEADER_SIZE = 348;
/** Header + the 4-byte extension flag of a single-file .nii. */
export const NII_VOX_OFFSET = 352;

/** NIfTI datatype codes of the dtypes the studio handles. */
export const DATATYPE: Record<Dtype, number> = {
  uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768,
};
export const DTYPE_OF: ReadonlyMap<number, Dtype> = new Map(Object.entries(DATATYPE).map(([k, v]) => [v, k as Dtype]));
/** Names of the NIfTI datatypes we refuse, for the error message. */
const OTHER_TYPES: Record<number, string> = {
  1: 'binary', 32: 'complex64', 128: 'rgb24', 1024: 'int64', 1280: 'uint64', 1536: 'float128', 1792: 'complex128', 2048: 'complex256', 2304: 'rgba32',
};

export function datatypeName(code: number): string {
  return DTYPE_OF.get(code) ?? OTHER_TYPES[code] ?? `unknown (${code})`;
}

/**
 * Parses the header; detects endianness from sizeof_hdr (348). Not NIfTI-1 single file ->
 * UNSUPPORTED_FORMAT; a NIfTI start shorter than the header -> TRUNCATED_INPUT.
 */
export function parseHeader(b: Uint8Array): NiftiHeader {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const sizeof = (le: boolean) => (b.length >= 4 ? v.getInt32(0, le) : -1);
  const le = sizeof(true) === HEADER_SIZE;
  if (!le && sizeof(false) !== HEADER_SIZE) {
    const nifti2 = sizeof(true) === 540 || sizeof(false) === 540;
    throw new RuntimeError('UNSUPPORTED_FORMAT', nifti2 ? 'NIfTI-2 files are not supported (NIfTI-1 only)' : 'the file is not NIfTI (bad header size)');
  }
  if (b.length < HEADER_SIZE) throw new RuntimeError('TRUNCATED_INPUT', `the NIfTI header is truncated (${b.length} of ${HEADER_SIZE} bytes)`);
  const magic = String.fromCharCode(b[344], b[345], b[346], b[347]);
  if (magic === 'ni1\0') throw new RuntimeError('UNSUPPORTED_FORMAT', 'two-file NIfTI (.hdr/.img) is not supported: upload a single .nii or .nii.gz');
  if (magic !== 'n+1\0') throw new RuntimeError('UNSUPPORTED_FORMAT', 'the file is not NIfTI-1 (magic "n+1" missing; ANALYZE 7.5 is not supported)');
  const i16 = (o: number) => v.getInt16(o, le);
  const f32 = (o: number) => v.getFloat32(o, le);
  const f32s = (o: number, n: number) => Array.from({ length: n }, (_, i) => f32(o + 4 * i));
  let descrip = '';
  for (let i = 148; i < 228 && b[i] !== 0; i++) descrip += String.fromCharCode(b[i]);
  return {
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, i) => i16(40 + 2 * i)),
    intentCode: i16(68),
    datatype: i16(70),
    bitpix: i16(72),
    pixdim: f32s(76, 8),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    xyztUnits: b[123],
    descrip,
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: f32s(256, 3) as [number, number, number],
    qoffset: f32s(268, 3) as [number, number, number],
    srow: [f32s(280, 4), f32s(296, 4), f32s(312, 4)],
  };
}

/** Serialises a little-endian header into the first 348 bytes of `out` (rest left as is). */
export function writeHeader(h: Omit<NiftiHeader, 'littleEndian'>, out: Uint8Array): void {
  const v = new DataView(out.buffer, out.byteOffset, HEADER_SIZE);
  v.setInt32(0, HEADER_SIZE, true);
  h.dim.forEach((d, i) => v.setInt16(40 + 2 * i, d, true));
  v.setInt16(68, h.intentCode, true);
  v.setInt16(70, h.datatype, true);
  v.setInt16(72, h.bitpix, true);
  h.pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, true));
  v.setFloat32(108, h.voxOffset, true);
  v.setFloat32(112, h.sclSlope, true);
  v.setFloat32(116, h.sclInter, true);
  out[123] = h.xyztUnits;
  for (let i = 0; i < Math.min(h.descrip.length, 79); i++) out[148 + i] = h.descrip.charCodeAt(i) & 0x7f;
  v.setInt16(252, h.qformCode, true);
  v.setInt16(254, h.sformCode, true);
  h.quatern.forEach((q, i) => v.setFloat32(256 + 4 * i, q, true));
  h.qoffset.forEach((q, i) => v.setFloat32(268 + 4 * i, q, true));
  h.srow.forEach((row, r) => row.forEach((x, c) => v.setFloat32(280 + 16 * r + 4 * c, x, true)));
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
}
