import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import type { Geometry } from '../../core/values';
import { subGeometry } from '../geometry';
import { busiestSlice, renderOverlay, type OverlayInput } from './overlay';
import { DEFAULT_PALETTE } from './palette';

// Image 4x3x2, spacing 2 mm, values = x + 4y + 12z (so each slice has its own min-max).
const imageGeometry: Geometry = { ...identityGeometry([4, 3, 2]), spacing: [2, 2, 2], origin: [-10, 5, 0] };
const image = { data: new Int16Array(24).map((_, i) => i), geometry: imageGeometry };
// A label map cropped from the image grid at voxel offset (1, 1, 1), 2x2x1 voxels.
const labels = {
  data: new Uint8Array([1, 0, 0, 2]),
  geometry: subGeometry(imageGeometry, [1, 1, 1], [2, 2, 1]),
  labels: [{ value: 1, name: 'a', color: [255, 0, 0] as [number, number, number] }],
};
const input: OverlayInput = { image, labels };
const px = (rgb: Uint8Array, width: number, col: number, row: number) => Array.from(rgb.subarray((row * width + col) * 3, (row * width + col) * 3 + 3));

describe('overlay', () => {
  it('picks the image slice with most labelled pixels through world coordinates', () => {
    expect(busiestSlice(input)).toBe(1);
    expect(busiestSlice({ image, labels: { ...labels, data: new Uint8Array(4) } })).toBe(1); // none: middle
  });

  it('places a cropped label map at the right pixels and windows grey per slice', () => {
    const { width, height, rgb } = renderOverlay(input, 1, 1);
    expect([width, height]).toEqual([4, 3]);
    expect(px(rgb, 4, 1, 1)).toEqual([255, 0, 0]); // label 1 at image (1,1,1)
    expect(px(rgb, 4, 2, 2)).toEqual([...DEFAULT_PALETTE[1]]); // label 2 has no colour: palette
    expect(px(rgb, 4, 0, 0)).toEqual([0, 0, 0]); // slice min (12)
    expect(px(rgb, 4, 3, 2)).toEqual([255, 255, 255]); // slice max (23)
    expect(px(rgb, 4, 2, 1)).toEqual([139, 139, 139]); // 18: (18-12)*255/11 = 139.09
    expect(renderOverlay(input, 0, 1).rgb.every((v, i) => v === renderOverlay(input, 0, 0).rgb[i])).toBe(true);
  });

  it('samples a coarser label grid nearest-neighbour (general affine path)', () => {
    // Label voxels of 4x4x2 mm, origin 1 mm off: image column i maps to label column (2i - 1) / 4.
    const coarse = {
      data: new Uint8Array([0, 0, 0, 0, 0, 1, 0, 0]),
      geometry: { ...imageGeometry, dims: [2, 2, 2] as [number, number, number], spacing: [4, 4, 2] as [number, number, number], origin: [-9, 6, 0] as [number, number, number] },
      labels: labels.labels,
    };
    const coarseInput = { image, labels: coarse };
    expect(busiestSlice(coarseInput)).toBe(1);
    const { rgb } = renderOverlay(coarseInput, 1, 1);
    const red = [0, 1, 2].flatMap((row) => [0, 1, 2, 3].filter((col) => px(rgb, 4, col, row)[0] === 255 && px(rgb, 4, col, row)[1] === 0).map((col) => `${col},${row}`));
    expect(red).toEqual(['2,0', '3,0', '2,1', '3,1']);
  });

  it('blends with opacity', () => {
    const { rgb } = renderOverlay(input, 1, 0.5);
    expect(px(rgb, 4, 1, 1)).toEqual([186, 58, 58]); // grey 116 ((17-12)*255/11) half red
  });

  it('shows LPS axes pointing right/anterior flipped (patient left on image right, anterior up)', () => {
    const flipped: Geometry = { ...imageGeometry, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    const flippedLabels = { ...labels, geometry: subGeometry(flipped, [1, 1, 1], [2, 2, 1]) };
    const { rgb } = renderOverlay({ image: { ...image, geometry: flipped }, labels: flippedLabels }, 1, 1);
    expect(px(rgb, 4, 2, 1)).toEqual([255, 0, 0]); // voxel (1,1) shown at column 4-1-1, row 3-1-1
    expect(px(rgb, 4, 1, 0)).toEqual([...DEFAULT_PALETTE[1]]);
  });
});
