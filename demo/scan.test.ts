import { describe, it, expect } from 'vitest';
import { readNifti } from '../runtimes/imaging/nifti';
import { makeHeadPhantom } from './phantom';
import { writeDemoScan } from './scan';

describe('writeDemoScan', () => {
  it('writes the phantom as deterministic .nii.gz that reads back voxel- and geometry-exact', () => {
    const bytes = writeDemoScan({ size: 48 });
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip
    expect(Buffer.from(writeDemoScan({ size: 48 })).equals(Buffer.from(bytes))).toBe(true);
    const back = readNifti(bytes);
    const { volume } = makeHeadPhantom({ size: 48 });
    expect(back.dtype).toBe('uint8');
    expect(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength).equals(Buffer.from(volume.data.buffer))).toBe(true);
    expect(back.geometry.dims).toEqual([48, 48, 48]);
    for (let a = 0; a < 3; a++) {
      expect(back.geometry.spacing[a]).toBeCloseTo(1.5, 5);
      expect(back.geometry.origin[a]).toBeCloseTo(volume.geometry.origin[a], 4);
    }
    back.geometry.direction.forEach((d, i) => expect(d).toBeCloseTo(volume.geometry.direction[i], 6));
  });
});
