import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import type { Geometry, LabelMapValue, TensorValue, VolumeValue } from '../../core/values';
import { orientationOf } from '../ops/reorient';
import { kernel as clip } from './pre.clip-percentile.kernel';
import { kernel as conform } from './pre.conform.kernel';
import { kernel as toInputGrid } from './post.to-input-grid.kernel';
import { testContext } from './testing';

const { ctx } = testContext();
const node = {} as never;
const geometry: Geometry = { ...identityGeometry([4, 3, 2]), spacing: [0.5, 1, 2], origin: [100, 0, -50] };
const ramp = (): VolumeValue => ({ type: 'volume', dtype: 'int16', geometry, data: new Int16Array(24).map((_, i) => i * 10) });

describe('pre.clip-percentile kernel', () => {
  it('clamps to the percentiles and keeps type and geometry', async () => {
    const { volume } = (await clip.run({ node, ctx, inputs: { volume: ramp() }, params: { low: 10, high: 50 } })) as { volume: VolumeValue };
    expect(volume.data).toBeInstanceOf(Int16Array);
    expect(volume.geometry).toBe(geometry);
    // 10th percentile of 0..230 step 10 is 23, 50th is 115 (numpy 'linear'), as int16 23 and 115
    expect([volume.data[0], volume.data[2], volume.data[3], volume.data[11], volume.data[12], volume.data[23]]).toEqual([23, 23, 30, 110, 115, 115]);
  });
});

describe('pre.conform kernel', () => {
  it('gives a uint8 size^3 LIA volume at the spacing, spanning 0-255 between the percentiles', async () => {
    const { volume } = (await conform.run({ node, ctx, inputs: { volume: ramp() }, params: { size: 8, spacing: 1, orientation: 'LIA', lowPercentile: 0, highPercentile: 100 } })) as { volume: VolumeValue };
    expect([volume.dtype, volume.geometry.dims, volume.geometry.spacing, orientationOf(volume.geometry)]).toEqual(['uint8', [8, 8, 8], [1, 1, 1], 'LIA']);
    expect(Math.max(...volume.data)).toBeLessThanOrEqual(255);
    expect(Math.max(...volume.data)).toBeGreaterThan(200); // the bright end of the ramp lies inside the grid
    expect(volume.data.some((v) => v === 0)).toBe(true); // outside the scan: the low percentile, 0
  });
});

describe('post.to-input-grid kernel', () => {
  it('puts labels back on the reference grid through world space, keeping label names', async () => {
    // labels on a 2x-coarser grid covering the same box
    const coarse: Geometry = { ...geometry, dims: [2, 3, 1], spacing: [1, 1, 4], origin: [100.25, 0, -49] };
    const labels: LabelMapValue = { type: 'label-map', geometry: coarse, data: new Uint8Array([1, 2, 3, 4, 5, 6]), labels: [{ value: 1, name: 'one' }] };
    const { labels: out } = (await toInputGrid.run({ node, ctx, inputs: { labels, reference: ramp() }, params: {} })) as { labels: LabelMapValue };
    expect(out.geometry).toEqual(geometry);
    expect(out.labels).toEqual(labels.labels);
    // x 0,1 -> coarse 0; x 2,3 -> coarse 1; every row and both slices repeat the coarse row
    expect(Array.from(out.data.subarray(0, 12))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(Array.from(out.data.subarray(12))).toEqual(Array.from(out.data.subarray(0, 12)));
  });

  it('maps probabilities linearly, channel by channel, onto the reference grid', async () => {
    // two channels on a grid shifted by half a voxel in x: values in between come out averaged
    const shifted: Geometry = { ...geometry, origin: [geometry.origin[0] + 0.25, geometry.origin[1], geometry.origin[2]] };
    const data = new Float32Array(48);
    for (let i = 0; i < 24; i++) [data[i], data[24 + i]] = [i % 4, 10];
    const scores: TensorValue = { type: 'tensor', dims: [1, 2, 2, 3, 4], data, geometry: shifted };
    const { scores: out, labels } = (await toInputGrid.run({ node, ctx, inputs: { scores, reference: ramp() }, params: {} })) as { scores: TensorValue; labels?: LabelMapValue };
    expect(labels).toBeUndefined(); // only what was connected
    expect(out.dims).toEqual([1, 2, 2, 3, 4]);
    expect(out.geometry).toEqual(geometry);
    // reference x = 1 sits at shifted x = 0.5: between 0 and 1 (and the constant channel stays 10)
    expect(out.data[1]).toBeCloseTo(0.5, 6);
    expect(out.data[24 + 1]).toBeCloseTo(10, 6);
  });
});
