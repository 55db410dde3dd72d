import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../core/values';
import { identityGeometry, voxelToWorld, type Vec3 } from '../geometry';
import { resample, resampledGrid } from './resample';
import { planReorient, reorientData } from './reorient';

const ramp = (n: number) => new Float32Array(n).map((_, i) => i);
// 4x3x2 volume (x fastest) whose value encodes its coordinates: 100*z + 10*y + x.
const dims: Vec3 = [4, 3, 2];
const vol = new Int16Array(24).map((_, i) => 100 * Math.floor(i / 12) + 10 * (Math.floor(i / 4) % 3) + (i % 4));
const g: Geometry = { ...identityGeometry(dims, [1, 2, 3]), origin: [5, -3, 7] };

describe('resampledGrid', () => {
  it('keeps the field of view centred: from a shape the spacing is exact, from a spacing the shape is rounded', () => {
    const half = resampledGrid(identityGeometry([4, 1, 1]), { shape: [2, 1, 1] });
    expect(half.spacing).toEqual([2, 1, 1]);
    expect(half.origin).toEqual([0.5, 0, 0]);
    const fine = resampledGrid(g, { spacing: [0.5, 1, 1] });
    expect(fine.dims).toEqual([8, 6, 6]);
    // the centre of the volume stays put
    const mid = (x: Geometry) => voxelToWorld(x, x.dims.map((n) => (n - 1) / 2) as Vec3);
    mid(fine).forEach((v, i) => expect(v).toBeCloseTo(mid(g)[i], 12));
  });
});

describe('resample', () => {
  it('onto its own grid returns the input for every interpolation', () => {
    for (const mode of ['nearest', 'linear', 'cubic'] as const) {
      const out = resample(vol, g, g, mode);
      Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(vol[i], 9));
      expect(out).toBeInstanceOf(mode === 'nearest' ? Int16Array : Float32Array);
    }
  });

  it('linear halves a ramp to the means of voxel pairs and upsamples it to its in-between values', () => {
    const src = identityGeometry([4, 1, 1]);
    expect(Array.from(resample(ramp(4), src, resampledGrid(src, { shape: [2, 1, 1] }), 'linear'))).toEqual([0.5, 2.5]);
    // 8 voxels over the same field of view: centres at -0.25, 0.25, ..., 3.25 (clamped at the edges)
    expect(Array.from(resample(ramp(4), src, resampledGrid(src, { shape: [8, 1, 1] }), 'linear'))).toEqual([0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3]);
  });

  it('cubic B-spline reproduces a ramp away from the edges and differs from linear on a curve', () => {
    // (the mirrored edges bend the spline near them; their pull decays as 0.27^distance)
    const src = identityGeometry([40, 1, 1]);
    const shifted: Geometry = { ...src, origin: [0.5, 0, 0] };
    const out = resample(ramp(40), src, shifted, 'cubic');
    for (let i = 12; i < 28; i++) expect(out[i]).toBeCloseTo(i + 0.5, 4);
    const sq = new Float32Array(40).map((_, i) => i * i);
    // the cubic spline through i^2 at 20.5 is 420.25 (it reproduces quadratics); linear gives 420.5
    expect(resample(sq, src, shifted, 'cubic')[20]).toBeCloseTo(420.25, 3);
    expect(resample(sq, src, shifted, 'linear')[20]).toBe(420.5);
  });

  it('pads points beyond the field of view and keeps those within half a voxel of it', () => {
    const src = identityGeometry([4, 1, 1]);
    const moved: Geometry = { ...src, origin: [-1, 0, 0] };
    expect(Array.from(resample(ramp(4), src, moved, 'nearest', -9))).toEqual([-9, 0, 1, 2]);
    const edge: Geometry = { ...src, origin: [-0.4, 0, 0] };
    expect(resample(ramp(4), src, edge, 'linear', -9)[0]).toBe(0);
  });

  it('nearest onto a reoriented grid is exactly the reorientation (oblique directions included)', () => {
    const c = Math.cos(0.2), s = Math.sin(0.2);
    const oblique: Geometry = { ...g, direction: [c, s, 0, -s, c, 0, 0, 0, 1] };
    for (const code of ['RAS', 'LIA', 'SPR']) {
      const plan = planReorient(oblique, code);
      expect(Array.from(resample(vol, oblique, plan.geometry, 'nearest'))).toEqual(Array.from(reorientData(vol, dims, plan)));
    }
  });
});
