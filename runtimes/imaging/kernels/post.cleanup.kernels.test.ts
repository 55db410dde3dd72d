import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import type { Geometry, LabelMapValue, TensorValue } from '../../core/values';
import { kernel as sigmoidKernel } from './post.sigmoid.kernel';
import { kernel as softmaxKernel } from './post.softmax.kernel';
import { kernel as components } from './post.components.kernel';
import { kernel as morphology } from './post.morphology.kernel';
import { testContext } from './testing';

const { ctx } = testContext();
const node = {} as never;
// 5x1x1 voxels of 2x2x2 mm = 0.008 mL each
const geometry: Geometry = { ...identityGeometry([5, 1, 1]), spacing: [2, 2, 2] };
const row = (values: number[]): LabelMapValue => ({ type: 'label-map', geometry, data: Uint8Array.from(values), labels: [{ value: 1, name: 'one' }] });

describe('post.softmax and post.sigmoid kernels', () => {
  const scores: TensorValue = { type: 'tensor', dims: [1, 2, 1, 1, 2], data: new Float32Array([0, 1000, Math.log(3), 1000]) };
  it('softmax: channels sum to 1 per voxel, stable for large logits', async () => {
    const { tensor } = (await softmaxKernel.run({ node, ctx, inputs: { tensor: scores }, params: {} })) as { tensor: TensorValue };
    expect(tensor.dims).toEqual([1, 2, 1, 1, 2]);
    expect(tensor.data[0]).toBeCloseTo(0.25, 6); // e^0 / (e^0 + e^ln3)
    expect(tensor.data[2]).toBeCloseTo(0.75, 6);
    expect([tensor.data[1], tensor.data[3]]).toEqual([0.5, 0.5]); // 1000 and 1000: no overflow
  });
  it('sigmoid: per value', async () => {
    const { tensor } = (await sigmoidKernel.run({ node, ctx, inputs: { tensor: scores }, params: {} })) as { tensor: TensorValue };
    expect(tensor.data[0]).toBe(0.5);
    expect(tensor.data[2]).toBeCloseTo(0.75, 6);
    expect(tensor.data[1]).toBe(1);
  });
});

describe('post.components kernel', () => {
  it('keeps the largest component per label, and drops components under a volume in mL', async () => {
    const run = (params: { keepLargest: boolean; minVolumeMl: number }) =>
      components.run({ node, ctx, inputs: { labels: row([1, 1, 0, 1, 2]) }, params: { connectivity: 6, ...params } }) as Promise<{ labels: LabelMapValue }>;
    expect(Array.from((await run({ keepLargest: true, minVolumeMl: 0 })).labels.data)).toEqual([1, 1, 0, 0, 2]);
    // 0.01 mL needs 2 voxels of 0.008 mL: the single voxels of labels 1 and 2 go
    expect(Array.from((await run({ keepLargest: false, minVolumeMl: 0.01 })).labels.data)).toEqual([1, 1, 0, 0, 0]);
  });
});

describe('post.morphology kernel', () => {
  it('radii are in mm: 2 mm reaches the neighbour of a 2 mm voxel, 1.9 mm does not; labels grow into background only', async () => {
    // 2 x 10 x 10 mm voxels: a ball under 10 mm stays within the row (outside the volume erodes, as in scipy)
    const thin: Geometry = { ...geometry, spacing: [2, 10, 10] };
    const run = (operation: 'dilate' | 'erode' | 'fill-holes', radiusMm: number, values: number[]) =>
      morphology.run({ node, ctx, inputs: { labels: { ...row(values), geometry: thin } }, params: { operation, radiusMm } }) as Promise<{ labels: LabelMapValue }>;
    expect(Array.from((await run('dilate', 2, [0, 1, 0, 0, 2])).labels.data)).toEqual([1, 1, 1, 2, 2]);
    expect(Array.from((await run('dilate', 1.9, [0, 1, 0, 0, 2])).labels.data)).toEqual([0, 1, 0, 0, 2]);
    expect(Array.from((await run('erode', 2, [1, 1, 1, 2, 2])).labels.data)).toEqual([0, 1, 0, 0, 0]);
    expect(Array.from((await run('fill-holes', 0, [0, 1, 0, 1, 0])).labels.data)).toEqual([0, 1, 0, 1, 0]); // the gap reaches the faces (y, z are one voxel)
  });
});
