import type { Dtype } from '../../../domain/ports';
import { HOST_LITTLE_ENDIAN, bytesOf, swapBytes } from '../../core/dtype';
import { RuntimeError } from '../../core/errors';
import type { LabelMapValue, VolumeValue } from '../../core/values';
import { geometryToNiftiAffine } from '../geometry';
import { gzip, gzipAsync } from './gzip';
import { DATATYPE, NII_VOX_OFFSET, writeHeader } from './header';
import { affineToQuatern } from './quaternion';

export interface WriteNiftiOptions {
  gzip: boolean;
  /** Deflate level when gzip is on (default 1: fast, label maps still compress well). */
  level?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** NIFTI_INTENT_LABEL: tells viewers the values are label indices. */
const INTENT_LABEL = 1002;
/** NIFTI_XFORM_SCANNER_ANAT for both qform and sform, as ITK writes them. */
const XFORM_SCANNER = 1;
/** NIFTI_UNITS_MM. */
const UNITS_MM = 2;

/**
 * Writes a NIfTI-1 single file (little endian, vox_offset 352) with sform and qform from the
 * geometry (LPS -> RAS). Deterministic: no timestamps or names inside, so every executor
 * produces identical bytes for identical values.
 */
export function writeNifti(value: VolumeValue | LabelMapValue, opts: WriteNiftiOptions): Uint8Array {
  const out = niftiBytes(value);
  return opts.gzip ? gzip(out, opts.level) : out;
}

/** writeNifti with the gzip off the event loop where the host can (gzipAsync); the same bytes. */
export async function writeNiftiAsync(value: VolumeValue | LabelMapValue, opts: WriteNiftiOptions): Promise<Uint8Array> {
  const out = niftiBytes(value);
  return opts.gzip ? gzipAsync(out, opts.level) : out;
}

function niftiBytes(value: VolumeValue | LabelMapValue): Uint8Array {
  const g = value.geometry;
  const dtype: Dtype = value.type === 'volume' ? value.dtype : value.data instanceof Uint16Array ? 'uint16' : 'uint8';
  const nvox = g.dims[0] * g.dims[1] * g.dims[2];
  if (value.data.length !== nvox) {
    throw new RuntimeError('SHAPE_MISMATCH', `the ${value.type} has ${value.data.length} voxels but its geometry [${g.dims.join(', ')}] needs ${nvox}`);
  }
  if (bytesOf(dtype) !== value.data.BYTES_PER_ELEMENT) throw new RuntimeError('BAD_NODE_INPUT', `volume dtype ${dtype} does not match its data array`);
  const affine = geometryToNiftiAffine(g);
  const q = affineToQuatern(affine);
  const out = new Uint8Array(NII_VOX_OFFSET + value.data.byteLength);
  writeHeader(
    {
      dim: [3, g.dims[0], g.dims[1], g.dims[2], 1, 1, 1, 1],
      intentCode: value.type === 'label-map' ? INTENT_LABEL : 0,
      datatype: DATATYPE[dtype],
      bitpix: bytesOf(dtype) * 8,
      pixdim: [q.qfac, g.spacing[0], g.spacing[1], g.spacing[2], 0, 0, 0, 0],
      voxOffset: NII_VOX_OFFSET,
      sclSlope: 1,
      sclInter: 0,
      xyztUnits: UNITS_MM,
      descrip: value.type === 'label-map' ? 'studio label map' : 'studio volume',
      qformCode: XFORM_SCANNER,
      sformCode: XFORM_SCANNER,
      quatern: q.quatern,
      qoffset: q.qoffset,
      srow: affine,
    },
    out,
  );
  const bytes = new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength);
  out.set(bytes, NII_VOX_OFFSET);
  if (!HOST_LITTLE_ENDIAN) swapBytes(out.subarray(NII_VOX_OFFSET), bytesOf(dtype));
  return out;
}
