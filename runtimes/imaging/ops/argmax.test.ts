import { describe, expect, it } from 'vitest';
import { argmax } from './argmax';

describe('argmax', () => {
  it('picks the largest channel per voxel, ties to the lowest index', () => {
    // 4 voxels x 3 channels, channel-major
    const data = new Float32Array([
      1, 5, 2, 2,
      3, 5, 1, 2,
      2, 0, 7, 2,
    ]);
    expect(Array.from(argmax(data, 3))).toEqual([1, 0, 2, 0]);
  });

  it('ties between later channels also go to the lower one (3- and 4-channel paths)', () => {
    expect(Array.from(argmax(new Float32Array([1, 0, 3, 2, 3, 2]), 3))).toEqual([1, 1]); // [1,3,3], [0,2,2]
    expect(Array.from(argmax(new Float32Array([0, 9, 4, 1, 4, 9, 1, 1]), 4))).toEqual([1, 0]); // [0,4,4,1], [9,1,9,1]
  });

  it('two channels and one channel', () => {
    expect(Array.from(argmax(new Float32Array([1, 2, 1, 3, 2, 2]), 2))).toEqual([1, 0, 1]); // the middle voxel ties
    expect(Array.from(argmax(new Float32Array([4, 5]), 1))).toEqual([0, 0]);
  });

  it('uses Uint16 beyond 256 channels', () => {
    const c = 300;
    const data = new Float32Array(c * 2);
    data[299 * 2 + 1] = 1;
    const out = argmax(data, c);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Array.from(out)).toEqual([0, 299]);
    expect(argmax(new Float32Array(256), 256)).toBeInstanceOf(Uint8Array);
  });

  it('rejects data that does not split into channels', () => {
    expect(() => argmax(new Float32Array(5), 2)).toThrow();
  });
});
