import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../runtimes/core/values';
import { planeFrame } from './plane-frame';
import { displaySlice, colourise, labelSliceInImageGrid, labelVolumes } from './overlay';

const geom = (dims: [number, number, number], origin: [number, number, number] = [0, 0, 0], spacing: [number, number, number] = [1, 1, 1]): Geometry => ({
  dims, spacing, origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

describe('overlay maths', () => {
  it('places a cropped label map at its offset in the image grid', () => {
    const image = geom([4, 4, 3]);
    // 2x2x1 label box whose voxel (0,0,0) is image voxel (1,2,1).
    const label = { geometry: geom([2, 2, 1], [1, 2, 1]), data: Uint8Array.from([1, 2, 3, 4]) };
    expect([...labelSliceInImageGrid(image, planeFrame(image, 'axial'), label, 0)].every((v) => v === 0)).toBe(true);
    expect([...labelSliceInImageGrid(image, planeFrame(image, 'axial'), label, 1)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0]);
  });

  it('maps through spacing (label grid twice as coarse)', () => {
    const image = geom([4, 1, 1]);
    const label = { geometry: geom([2, 1, 1], [0, 0, 0], [2, 1, 1]), data: Uint8Array.from([5, 6]) };
    // image x = 0,1,2,3 -> label index 0, 0.5, 1, 1.5 -> rounded 0, 1, 1, 2 (outside: 0).
    expect([...labelSliceInImageGrid(image, planeFrame(image, 'axial'), label, 0)]).toEqual([5, 6, 6, 0]);
  });

  it('reslices a RAS-ordered label map into the flipped axial frame', () => {
    const ras: Geometry = { dims: [2, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    const label = { geometry: ras, data: Uint8Array.from([7, 9]) };
    // Column 0 is patient right (world x = -1: voxel 1), column 1 is voxel 0.
    expect([...labelSliceInImageGrid(ras, planeFrame(ras, 'axial'), label, 0)]).toEqual([9, 7]);
  });

  it('reslices a sagittal label slice through both geometries', () => {
    const image = geom([2, 2, 2]);
    const label = { geometry: image, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    // Sagittal slice 1 = i 1; columns j (toward P), rows k from superior (k 1) down.
    expect([...labelSliceInImageGrid(image, planeFrame(image, 'sagittal'), label, 1)]).toEqual([6, 8, 2, 4]);
  });

  it('quantises float slices with slope/intercept and keeps integer slices', () => {
    const flat = planeFrame(geom([2, 1, 2]), 'axial');
    const f = displaySlice(Float32Array.from([-1, 1, 0, 3]), [2, 1, 2], flat, 1, { min: -1, max: 3 });
    expect(f.pixels[0]! * f.slope + f.intercept).toBeCloseTo(0);
    expect(f.pixels[1]! * f.slope + f.intercept).toBeCloseTo(3);
    const i = displaySlice(Int16Array.from([5, -7, 1, 2]), [2, 1, 2], flat, 0, { min: -7, max: 5 });
    expect([...i.pixels]).toEqual([5, -7]);
    expect(i.min).toBe(-7);
  });

  it('colours labelled voxels only and computes mL', () => {
    const rgba = colourise(Uint16Array.from([0, 1]));
    expect(rgba[3]).toBe(0);
    expect(rgba[7]).toBe(255);
    expect(colourise(Uint16Array.from([0, 1, 2]), undefined, new Set([1]))[7]).toBe(0);
    expect(colourise(Uint16Array.from([0, 1, 2]), undefined, new Set([1]))[11]).toBe(255);
    expect(labelVolumes(Uint8Array.from([0, 1, 1, 2]), [10, 10, 10])).toEqual([
      { value: 1, name: 'label 1', voxels: 2, volumeMl: 2 },
      { value: 2, name: 'label 2', voxels: 1, volumeMl: 1 },
    ]);
  });
});
