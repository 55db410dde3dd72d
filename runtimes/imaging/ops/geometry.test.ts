import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../core/values';
import { subGeometry } from '../geometry';
import { applyAffine, gridToGrid } from './geometry';

const g: Geometry = { dims: [10, 10, 10], spacing: [2, 1, 3], origin: [5, -4, 7], direction: [0, 1, 0, -1, 0, 0, 0, 0, 1] };

describe('gridToGrid', () => {
  it('maps voxels of a crop back to the voxels of its source (rotated, anisotropic grid)', () => {
    const crop = subGeometry(g, [2, -1, 3], [4, 4, 4]);
    const m = gridToGrid(crop, g);
    const p = applyAffine(m, [1, 2, 0]);
    [3, 1, 3].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 9));
  });

  it('scales between spacings', () => {
    const coarse: Geometry = { ...g, spacing: [4, 2, 6] };
    const p = applyAffine(gridToGrid(g, coarse), [4, 4, 4]);
    [2, 2, 2].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 9));
  });
});
