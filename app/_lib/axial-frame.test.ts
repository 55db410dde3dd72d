import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../runtimes/core/values';
import { axialFrame, sliceOf, voxelOf } from './axial-frame';

const g = (direction: Geometry['direction'], dims: [number, number, number] = [4, 5, 6]): Geometry => ({ dims, spacing: [1, 2, 3], origin: [0, 0, 0], direction });

describe('axial frame', () => {
  it('is the identity for LPS-ordered volumes', () => {
    const f = axialFrame(g([1, 0, 0, 0, 1, 0, 0, 0, 1]));
    expect(f).toEqual({ axes: [0, 1, 2], flip: [false, false, false], size: [4, 5, 6], spacing: [1, 2, 3] });
    expect(voxelOf(f, 1, 2, 3)).toEqual([1, 2, 3]);
  });

  it('flips RAS-ordered volumes so columns go to patient left and rows to posterior', () => {
    const f = axialFrame(g([-1, 0, 0, 0, -1, 0, 0, 0, 1]));
    expect(f.flip).toEqual([true, true, false]);
    expect(voxelOf(f, 0, 0, 0)).toEqual([3, 4, 0]);
  });

  it('reslices LIA (FreeSurfer conformed) volumes: slices along j', () => {
    // i -> L, j -> I (world -z), k -> A (world -y)
    const f = axialFrame(g([1, 0, 0, 0, 0, -1, 0, -1, 0], [4, 5, 6]));
    expect(f.axes).toEqual([0, 2, 1]);
    expect(f.flip).toEqual([false, true, true]);
    expect(f.size).toEqual([4, 6, 5]);
    expect(voxelOf(f, 0, 0, 0)).toEqual([0, 4, 5]);
    expect(sliceOf(f, [0, 4, 5])).toBe(0);
  });
});
