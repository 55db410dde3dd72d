import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { Dtype } from '../domain/ports';
import { bytesOf } from '../runtimes/core/dtype';
import { DATATYPE, NII_VOX_OFFSET, writeHeader } from '../runtimes/imaging/nifti/header';

/**
 * Synthetic .nii.gz files for the size-limit tests and the bench: a NIfTI-1 header declaring any
 * dims, then zero voxels. One valid gzip member built without deflating the whole volume: each
 * piece is deflated with a full flush (byte-aligned, no back references), so one 16 MiB block of
 * zeros is deflated once and repeated; a 512^3 float32 volume is ~0.5 MB, built in milliseconds.
 * `voxelBytes` below the declared size gives a body that stops early (a truncated volume).
 */
const BLOCK = 16 * 1024 * 1024;
const full = (b: Uint8Array) => deflateRawSync(b, { level: 9, finishFlush: constants.Z_FULL_FLUSH });

export function niftiGz(dims: number[], dtype: Dtype, opts: { voxelBytes?: number; dim0?: number } = {}): Uint8Array {
  const head = new Uint8Array(NII_VOX_OFFSET);
  const dim = [opts.dim0 ?? dims.length, ...dims, ...Array(7 - dims.length).fill(1)];
  writeHeader(
    {
      dim, intentCode: 0, datatype: DATATYPE[dtype], bitpix: bytesOf(dtype) * 8, pixdim: [1, 1, 1, 1, 1, 1, 1, 1],
      voxOffset: NII_VOX_OFFSET, sclSlope: 0, sclInter: 0, xyztUnits: 2, qformCode: 0, sformCode: 0, descrip: 'synthetic',
      quatern: [0, 0, 0], qoffset: [0, 0, 0], srow: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]],
    },
    head,
  );
  const total = opts.voxelBytes ?? dims.reduce((a, d) => a * Math.max(0, d), 1) * bytesOf(dtype);
  const zeros = new Uint8Array(BLOCK);
  const zeroBlock = full(zeros);
  const parts: Uint8Array[] = [Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), full(head)];
  let crc = crc32(head);
  for (let left = total; left > 0; left -= BLOCK) {
    const n = Math.min(left, BLOCK);
    parts.push(n === BLOCK ? zeroBlock : full(zeros.subarray(0, n)));
    crc = crc32(zeros.subarray(0, n), crc);
  }
  parts.push(deflateRawSync(new Uint8Array(0), { finishFlush: constants.Z_FINISH }));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((NII_VOX_OFFSET + total) % 2 ** 32, 4);
  parts.push(trailer);
  return new Uint8Array(Buffer.concat(parts));
}
