import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../core/values';
import { BOTH_RGB, contourThumbnail, PREDICTION_RGB, REFERENCE_RGB } from './contour-thumbnail';

const N = 12;
const LPS: Geometry = { dims: [N, N, N], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const idx = (i: number, j: number, k: number) => i + N * (j + N * k);

/** A box of `value` over [i0, i1) x [j0, j1) x [k0, k1). */
function box(value: number, [i0, i1]: number[], [j0, j1]: number[], [k0, k1]: number[]) {
  const out = new Uint8Array(N ** 3);
  for (let k = k0; k < k1; k++) for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) out[idx(i, j, k)] = value;
  return out;
}
const image = Float32Array.from({ length: N ** 3 }, (_, v) => v % N); // grey ramp along i
const pixel = (t: { width: number; rgb: Uint8Array }, x: number, y: number) => [...t.rgb.subarray((y * t.width + x) * 3, (y * t.width + x) * 3 + 3)];

describe('contourThumbnail', () => {
  it('picks the slice with the most labelled voxels and draws both contours in their colours', () => {
    const reference = box(1, [2, 6], [2, 6], [7, 9]); // 2 slices of 16
    const prediction = box(1, [2, 8], [2, 6], [8, 9]); // slice 8 only, wider
    const t = contourThumbnail({ geometry: LPS, image, reference, prediction, labels: [1] });
    expect(t).toMatchObject({ axis: 2, slice: 8, width: N, height: N });
    expect(pixel(t, 2, 2)).toEqual([...BOTH_RGB]); // shared corner
    expect(pixel(t, 7, 3)).toEqual([...PREDICTION_RGB]); // only the prediction reaches i = 7
    expect(pixel(t, 5, 3)).toEqual([...REFERENCE_RGB]); // the reference's right edge, inside the prediction
    expect(pixel(t, 3, 3)).toEqual([pixel(t, 3, 3)[0], pixel(t, 3, 3)[0], pixel(t, 3, 3)[0]]); // interior: grey
    expect(pixel(t, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(t, N - 1, 0)).toEqual([255, 255, 255]);
  });

  it('shows a RAS-ordered volume radiologically: the same picture as its LPS twin', () => {
    const flipIJ = (a: ArrayLike<number>) => Float32Array.from({ length: N ** 3 }, (_, v) => {
      const i = v % N, j = Math.floor(v / N) % N, k = Math.floor(v / N / N);
      return a[idx(N - 1 - i, N - 1 - j, k)];
    });
    const reference = box(2, [1, 4], [5, 9], [3, 5]);
    const lps = contourThumbnail({ geometry: LPS, image, reference, prediction: null, labels: [2] });
    const ras: Geometry = { ...LPS, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], origin: [N - 1, N - 1, 0] };
    const flipped = contourThumbnail({ geometry: ras, image: flipIJ(image), reference: flipIJ(reference), prediction: null, labels: [2] });
    expect(flipped.slice).toBe(lps.slice);
    expect([...flipped.rgb]).toEqual([...lps.rgb]);
  });

  it('subsamples to the size limit without losing contour pixels, and refuses arrays off the grid', () => {
    const reference = box(1, [4, 5], [4, 5], [0, N]); // a 1-voxel column
    const t = contourThumbnail({ geometry: LPS, image, reference, prediction: null, labels: [1], maxPx: 4 });
    expect([t.width, t.height]).toEqual([4, 4]);
    expect(pixel(t, 1, 1)).toEqual([...REFERENCE_RGB]);
    expect(() => contourThumbnail({ geometry: LPS, image, reference: new Uint8Array(5), prediction: null, labels: [1] })).toThrow(/GRID|voxels/);
  });
});
