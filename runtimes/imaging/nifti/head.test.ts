import { describe, expect, it } from 'vitest';
import { makeHeadPhantom } from '../../../demo/phantom';
import { looksLikeNifti, niftiLayout } from './head';
import { writeNifti } from './write';

const raw = () => writeNifti(makeHeadPhantom({ size: 8 }).volume, { gzip: false });

describe('NIfTI header layout', () => {
  it('reads dims, dtype and data offset from the header bytes alone', () => {
    const file = raw();
    expect(niftiLayout(file.subarray(0, 352))).toEqual({ dims: [8, 8, 8], dtype: 'uint8', bytesPerVoxel: 1, voxOffset: 352 });
    expect(looksLikeNifti(file)).toBe(true);
    expect(looksLikeNifti(writeNifti(makeHeadPhantom({ size: 8 }).volume, { gzip: true }))).toBe(true);
    expect(looksLikeNifti(new Uint8Array([1, 2, 3, 4]))).toBe(false);
  });

  it('refuses bad dimensions (CORRUPT_INPUT) and datatypes it does not read (UNSUPPORTED_FORMAT)', () => {
    const bad = raw();
    new DataView(bad.buffer).setInt16(42, 0, true); // dim[1] = 0
    expect(() => niftiLayout(bad)).toThrow(expect.objectContaining({ code: 'CORRUPT_INPUT', message: 'bad NIfTI dimensions [3, 0, 8, 8, 1, 1, 1, 1]' }));
    const complex = raw();
    new DataView(complex.buffer).setInt16(70, 32, true);
    expect(() => niftiLayout(complex)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT', message: 'NIfTI datatype complex64 is not supported' }));
  });
});
