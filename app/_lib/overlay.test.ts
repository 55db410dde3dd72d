import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../runtimes/core/values';
import { axialFrame } from './axial-frame';
import { axialSlice, colourise, labelSliceInImageGrid, labelVolumes } from './overlay';

const geom = (dims: [number, number, number], origin: [number, number, number] = [0, 0, 0], spacing: [number, number, number] = [1, 1, 1]): Geometry => ({
  dims, spacing, origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

describe('overlay maths', () => {
  it('places a cropped label map at its offset in the image grid', () => {
    const image = geom([4, 4, 3]);
    // 2x2x1 label box whose voxel (0,0,0) is image voxel (1,2,1).
    const label = { geometry: geom([2, 2, 1], [1, 2, 1]), data: Uint8Array.from([1, 2, 3, 4]) };
    expect([...labelSliceInImageGrid(image, axialFrame(image), label, 0)].every((v) => v === 0)).toBe(true);
    expect([...labelSliceInImageGrid(image, axialFrame(image), label, 1)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0]);
  });

  it('maps through spacing (label grid twice as coarse)', () => {
    const image = geom([4, 1, 1]);
    const label = { geometry: geom([2, 1, 1], [0, 0, 0], [2, 1, 1]), data: Uint8Array.from([5, 6]) };
    // image x = 0,1,2,3 -> label index 0, 0.5, 1, 1.5 -> rounded 0, 1, 1, 2 (outside: 0).
    expect([...labelSliceInImageGrid(image, axialFrame(image), label, 0)]).toEqual([5, 6, 6, 0]);
  });

  it('reslices a RAS-ordered label map into the flipped axial frame', () => {
    const ras: Geometry = { dims: [2, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    const label = { geometry: ras, data: Uint8Array.from([7, 9]) };
    // Column 0 is patient right (world x = -1: voxel 1), column 1 is voxel 0.
    expect([...labelSliceInImageGrid(ras, axialFrame(ras), label, 0)]).toEqual([9, 7]);
  });

  it('quantises float slices with slope/intercept and keeps integer slices', () => {
    const flat = axialFrame(geom([2, 1, 2]));
    const f = axialSlice(Float32Array.from([-1, 1, 0, 3]), [2, 1, 2], flat, 1, { min: -1, max: 3 });
    expect(f.pixels[0]! * f.slope + f.intercept).toBeCloseTo(0);
    expect(f.pixels[1]! * f.slope + f.intercept).toBeCloseTo(3);
    const i = axialSlice(Int16Array.from([5, -7, 1, 2]), [2, 1, 2], flat, 0, { min: -7, max: 5 });
    expect([...i.pixels]).toEqual([5, -7]);
    expect(i.min).toBe(-7);
  });

  it('colours labelled voxels only and computes mL', () => {
    const rgba = colourise(Uint16Array.from([0, 1]));
    expect(rgba[3]).toBe(0);
    expect(rgba[7]).toBe(255);
    expect(labelVolumes(Uint8Array.from([0, 1, 1, 2]), [10, 10, 10])).toEqual([
      { value: 1, name: 'label 1', voxels: 2, volumeMl: 2 },
      { value: 2, name: 'label 2', voxels: 1, volumeMl: 1 },
    ]);
  });
});
