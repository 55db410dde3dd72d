import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../runtimes/core/values';
import { crosshairAt, displayOf, planeFrame, sliceOf, voxelOf, PLANES } from './plane-frame';

const g = (direction: Geometry['direction'], dims: [number, number, number] = [4, 5, 6]): Geometry => ({ dims, spacing: [1, 2, 3], origin: [0, 0, 0], direction });
const LPS = g([1, 0, 0, 0, 1, 0, 0, 0, 1]);
const LIA = g([1, 0, 0, 0, 0, -1, 0, -1, 0]); // i -> L, j -> I, k -> A (FreeSurfer conformed)

describe('plane frames', () => {
  it('axial is the identity for LPS-ordered volumes', () => {
    const f = planeFrame(LPS, 'axial');
    expect(f).toEqual({ plane: 'axial', axes: [0, 1, 2], flip: [false, false, false], size: [4, 5, 6], spacing: [1, 2, 3] });
    expect(voxelOf(f, 1, 2, 3)).toEqual([1, 2, 3]);
  });

  it('axial flips RAS-ordered volumes so columns go to patient left and rows to posterior', () => {
    const f = planeFrame(g([-1, 0, 0, 0, -1, 0, 0, 0, 1]), 'axial');
    expect(f.flip).toEqual([true, true, false]);
    expect(voxelOf(f, 0, 0, 0)).toEqual([3, 4, 0]);
  });

  it('coronal of an LPS volume: columns to patient left, superior at the top, slices toward posterior', () => {
    const f = planeFrame(LPS, 'coronal');
    expect(f.axes).toEqual([0, 2, 1]);
    expect(f.flip).toEqual([false, true, false]);
    expect(f.size).toEqual([4, 6, 5]);
    expect(f.spacing).toEqual([1, 3, 2]);
    // Top row is the most superior voxel plane (k = 5).
    expect(voxelOf(f, 0, 0, 2)).toEqual([0, 2, 5]);
  });

  it('sagittal of an LPS volume: anterior on the left, superior at the top, slices toward patient left', () => {
    const f = planeFrame(LPS, 'sagittal');
    expect(f.axes).toEqual([1, 2, 0]);
    expect(f.flip).toEqual([false, true, false]);
    expect(voxelOf(f, 4, 0, 3)).toEqual([3, 4, 5]);
  });

  it('reslices LIA volumes in all three planes', () => {
    expect(planeFrame(LIA, 'axial')).toMatchObject({ axes: [0, 2, 1], flip: [false, true, true], size: [4, 6, 5] });
    // Coronal slices along k (A: world -P), rows along j (I): no row flip, slice flip.
    expect(planeFrame(LIA, 'coronal')).toMatchObject({ axes: [0, 1, 2], flip: [false, false, true] });
    // Sagittal columns along k toward P (k runs to A: flipped), rows along j (I).
    expect(planeFrame(LIA, 'sagittal')).toMatchObject({ axes: [2, 1, 0], flip: [true, false, false] });
  });

  it('displayOf inverts voxelOf in every plane and orientation', () => {
    for (const geom of [LPS, LIA, g([-1, 0, 0, 0, -1, 0, 0, 0, 1])])
      for (const p of PLANES) {
        const f = planeFrame(geom, p);
        const d: [number, number, number] = [1, 2, 3];
        expect(displayOf(f, voxelOf(f, ...d))).toEqual(d);
      }
  });

  it('sliceOf clamps out-of-grid voxels', () => {
    expect(sliceOf(planeFrame(LIA, 'axial'), [0, 4, 5])).toBe(0);
    expect(sliceOf(planeFrame(LPS, 'axial'), [0, 0, 99])).toBe(5);
  });

  it('a click in one plane moves the slices of the other two to the clicked voxel', () => {
    const axial = planeFrame(LIA, 'axial');
    const v = crosshairAt(axial, 2.7, 1.2, 3);
    expect(v).toEqual(voxelOf(axial, 2, 1, 3));
    const cor = planeFrame(LIA, 'coronal');
    const sag = planeFrame(LIA, 'sagittal');
    expect(voxelOf(cor, ...displayOf(cor, v))).toEqual(v);
    expect(voxelOf(sag, ...displayOf(sag, v))).toEqual(v);
    expect(sliceOf(axial, v)).toBe(3);
    expect(crosshairAt(axial, -5, 99, 3)).toEqual(voxelOf(axial, 0, 5, 3));
  });
});
