import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { HIGHER_IS_BETTER, labelMetrics, type LabelGrid, METRIC_NAMES } from './metrics';

type V3 = [number, number, number];
const SPACING: V3 = [0.5, 1, 2]; // 1 mm^3 per voxel

/** A grid with `label` in the half-open boxes [from, to). */
function grid(dims: V3, boxes: { from: V3; to: V3; label?: number }[], spacing: V3 = SPACING): LabelGrid {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const { from, to, label = 1 } of boxes) {
    for (let k = from[2]; k < to[2]; k++) for (let j = from[1]; j < to[1]; j++) for (let i = from[0]; i < to[0]; i++) {
      data[i + dims[0] * (j + dims[1] * k)] = label;
    }
  }
  return { data, dims, spacing };
}

const D: V3 = [16, 10, 10];
const cube = (at: V3, label = 1) => ({ from: at, to: at.map((x) => x + 3) as V3, label });

describe('labelMetrics', () => {
  it('two disjoint 3^3 cubes 5 voxels apart along i (0.5 mm): surface distances 1.5 / 2 / 2.5 mm', () => {
    const [m] = labelMetrics(grid(D, [cube([7, 2, 2])]), grid(D, [cube([2, 2, 2])]), [1], { toleranceMm: 1.5 });
    // each cube: 26 surface voxels (all but its centre); 9 faces at 1.5 mm, 8 at 2 mm, 9 at 2.5 mm
    expect(m).toMatchObject({ dice: 0, predSurfaceVoxels: 26, refSurfaceVoxels: 26, predEmpty: false, refEmpty: false });
    expect(m.hd95Mm).toBe(2.5);
    expect(m.assdMm).toBeCloseTo((9 * 1.5 + 8 * 2 + 9 * 2.5) / 26, 12);
    expect(m.surfaceDice).toBeCloseTo(18 / 52, 12);
    expect(m.volumeRefMl).toBeCloseTo(0.027, 12);
    expect(m.volumeDiffMl).toBe(0);
  });

  it('cubes offset by one voxel along k (2 mm): dice 2/3, HD95 2 mm, ASSD 37/52 mm', () => {
    const [m] = labelMetrics(grid(D, [cube([2, 2, 3])]), grid(D, [cube([2, 2, 2])]), [1]);
    expect(m.dice).toBeCloseTo(2 / 3, 12);
    // per direction: 16 voxels at 0, the shifted centre at 0.5 mm (its i-neighbour), 9 at 2 mm
    expect(m.hd95Mm).toBe(2);
    expect(m.assdMm).toBeCloseTo((18 * 2 + 2 * 0.5) / 52, 12);
    expect(m.surfaceDice).toBeCloseTo(34 / 52, 12); // tolerance 1 mm by default
  });

  it('single voxels on a diagonal: the exact anisotropic Euclidean distance', () => {
    const [m] = labelMetrics(grid(D, [{ from: [3, 5, 5], to: [4, 6, 6] }]), grid(D, [{ from: [2, 3, 4], to: [3, 4, 5] }]), [1]);
    const d = Math.sqrt(0.5 ** 2 + 2 ** 2 + 2 ** 2);
    expect(m.hd95Mm).toBeCloseTo(d, 14);
    expect(m.assdMm).toBeCloseTo(d, 14);
    expect(m.surfaceDice).toBe(0);
    expect(labelMetrics(grid(D, [{ from: [3, 5, 5], to: [4, 6, 6] }]), grid(D, [{ from: [2, 3, 4], to: [3, 4, 5] }]), [1], { toleranceMm: d })[0].surfaceDice).toBe(1);
  });

  it('identical masks: dice 1, distances 0, surface dice 1', () => {
    const g = grid(D, [{ from: [1, 1, 1], to: [9, 7, 5] }, cube([10, 2, 2], 2)]);
    for (const m of labelMetrics(g, g, [1, 2])) {
      expect(m).toMatchObject({ dice: 1, hd95Mm: 0, assdMm: 0, surfaceDice: 1, volumeDiffMl: 0 });
    }
  });

  it('voxels outside the grid count as background: a full 3^3 grid has 26 surface voxels', () => {
    const g = grid([3, 3, 3], [cube([0, 0, 0])]);
    expect(labelMetrics(g, g, [1])[0]).toMatchObject({ predSurfaceVoxels: 26, refSurfaceVoxels: 26, dice: 1 });
  });

  it('empty masks: both empty is perfect, exactly one empty leaves distances undefined', () => {
    const empty = grid(D, []), some = grid(D, [cube([2, 2, 2])]);
    expect(labelMetrics(empty, empty, [1])[0]).toMatchObject({ dice: 1, hd95Mm: 0, assdMm: 0, surfaceDice: 1, predEmpty: true, refEmpty: true, volumeRefMl: 0 });
    expect(labelMetrics(empty, some, [1])[0]).toMatchObject({ dice: 0, hd95Mm: null, assdMm: null, surfaceDice: 0, predEmpty: true, refEmpty: false });
    const [missed] = labelMetrics(some, empty, [1]);
    expect(missed).toMatchObject({ dice: 0, hd95Mm: null, assdMm: null, surfaceDice: 0, predEmpty: false, refEmpty: true });
    expect(missed.volumeDiffMl).toBeCloseTo(0.027, 12);
  });

  it('each label on its own; a label in neither grid is the both-empty case', () => {
    const pred = grid(D, [cube([2, 2, 2], 1), cube([9, 2, 2], 2)]);
    const ref = grid(D, [cube([2, 2, 2], 1), cube([9, 2, 3], 2)]);
    const [one, two, seven] = labelMetrics(pred, ref, [1, 2, 7]);
    expect(one.dice).toBe(1);
    expect(two.dice).toBeCloseTo(2 / 3, 12);
    expect(seven).toMatchObject({ label: 7, dice: 1, predEmpty: true, refEmpty: true });
  });

  it('refuses grids that differ in dims or spacing (GRID_MISMATCH) and grids above 512^3 (GRID_TOO_LARGE)', () => {
    const a = grid(D, [cube([2, 2, 2])]);
    const code = (f: () => unknown) => {
      try { f(); } catch (e) { return e instanceof DomainError ? e.code : String(e); }
      return 'no error';
    };
    expect(code(() => labelMetrics(a, grid([16, 10, 11], []), [1]))).toBe('GRID_MISMATCH');
    expect(code(() => labelMetrics(a, grid(D, [], [0.5, 1, 2.001]), [1]))).toBe('GRID_MISMATCH');
    expect(labelMetrics(a, grid(D, [cube([2, 2, 2])], [0.5, 1, 2.00005]), [1])[0].dice).toBe(1); // within 1e-4
    const huge = { data: { length: 513 * 512 * 512 }, dims: [513, 512, 512], spacing: [1, 1, 1] } as LabelGrid;
    expect(code(() => labelMetrics(huge, huge, [1]))).toBe('GRID_TOO_LARGE');
    expect(code(() => labelMetrics({ ...a, data: new Uint8Array(5) }, a, [1]))).toBe('BAD_PARAMS');
    expect(code(() => labelMetrics(a, a, [1], { toleranceMm: -1 }))).toBe('BAD_PARAMS');
  });

  it('names every metric with a direction', () => {
    expect(Object.keys(HIGHER_IS_BETTER).sort()).toEqual([...METRIC_NAMES].sort());
  });
});
