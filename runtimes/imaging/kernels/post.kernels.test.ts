import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import type { LabelMapValue, ReportValue, TensorValue, VolumeValue } from '../../core/values';
import { kernel as argmax } from './post.argmax.kernel';
import { kernel as labelVolumes } from './post.label-volumes.kernel';
import { kernel as threshold } from './post.threshold.kernel';
import { kernel as untile } from './post.untile.kernel';
import { kernel as tile } from './pre.tile.kernel';
import { testContext } from './testing';

const { ctx } = testContext();
const node = {} as never;

describe('post.untile kernel', () => {
  it('stitches tiles back to [1,C,z,y,x] of the original dims and geometry', async () => {
    const geometry = identityGeometry([5, 3, 2]);
    const vol: VolumeValue = { type: 'volume', dtype: 'float32', geometry, data: new Float32Array(30).map((_, i) => i) };
    const { tiles } = (await tile.run({ node, ctx, inputs: { volume: vol }, params: { size: 2, overlap: 1, padValue: 0 } })) as { tiles: TensorValue };
    const { tensor } = (await untile.run({ node, ctx, inputs: { tiles }, params: {} })) as { tensor: TensorValue };
    expect(tensor.dims).toEqual([1, 1, 2, 3, 5]);
    expect(tensor.geometry).toBe(geometry);
    expect(Array.from(tensor.data)).toEqual(Array.from(vol.data));
  });

  it('refuses tensors without a plan or not matching it', async () => {
    const t: TensorValue = { type: 'tensor', dims: [1, 1, 2, 2, 2], data: new Float32Array(8) };
    await expect(untile.run({ node, ctx, inputs: { tiles: t }, params: {} })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
    const plan = { volumeDims: [2, 2, 2] as [number, number, number], geometry: identityGeometry([2, 2, 2]), size: [2, 2, 2] as [number, number, number], origins: [[0, 0, 0]] as [number, number, number][] };
    await expect(untile.run({ node, ctx, inputs: { tiles: { ...t, dims: [2, 1, 2, 2, 2], data: new Float32Array(16), tiling: plan } }, params: {} })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
  });
});

describe('post.argmax kernel', () => {
  it('labels each voxel with its best class (ties lowest) and names every class', async () => {
    const geometry = identityGeometry([2, 1, 1]);
    const t: TensorValue = { type: 'tensor', dims: [1, 3, 1, 1, 2], data: new Float32Array([1, 5, 3, 5, 2, 0]), geometry };
    const { labels } = (await argmax.run({ node, ctx, inputs: { tensor: t }, params: { labels: [{ value: 2, name: 'grey', color: [1, 2, 3] }] } })) as { labels: LabelMapValue };
    expect(Array.from(labels.data)).toEqual([1, 0]);
    expect(labels.geometry).toBe(geometry);
    expect(labels.labels).toEqual([{ value: 0, name: 'background' }, { value: 1, name: 'label 1' }, { value: 2, name: 'grey', color: [1, 2, 3] }]);
  });

  it('rejects a batch of tensors', async () => {
    const t: TensorValue = { type: 'tensor', dims: [2, 1, 1, 1, 1], data: new Float32Array(2) };
    await expect(argmax.run({ node, ctx, inputs: { tensor: t }, params: { labels: [] } })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
  });
});

describe('post.threshold kernel', () => {
  it('thresholds the chosen channel of a tensor, or a volume', async () => {
    const t: TensorValue = { type: 'tensor', dims: [1, 2, 1, 1, 3], data: new Float32Array([0.9, 0.9, 0.9, 0.1, 0.5, 0.7]) };
    const p = { channel: 1, threshold: 0.5, label: 4, name: 'lesion' };
    const { labels } = (await threshold.run({ node, ctx, inputs: { tensor: t }, params: p })) as { labels: LabelMapValue };
    expect(Array.from(labels.data)).toEqual([0, 4, 4]);
    expect(labels.labels).toContainEqual({ value: 4, name: 'lesion' });
    const vol: VolumeValue = { type: 'volume', dtype: 'int16', geometry: identityGeometry([3, 1, 1]), data: new Int16Array([-5, 0, 9]) };
    const v = (await threshold.run({ node, ctx, inputs: { tensor: vol }, params: { ...p, channel: 0, threshold: 0 } })) as { labels: LabelMapValue };
    expect(Array.from(v.labels.data)).toEqual([0, 4, 4]);
    await expect(threshold.run({ node, ctx, inputs: { tensor: t }, params: { ...p, channel: 2 } })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});

describe('post.label-volumes kernel', () => {
  it('reports mL per label with anisotropic spacing', async () => {
    const geometry = { ...identityGeometry([4, 1, 1]), spacing: [1, 2, 2.5] as [number, number, number] }; // 5 mm^3
    const map: LabelMapValue = { type: 'label-map', geometry, data: new Uint8Array([0, 1, 1, 2]), labels: [{ value: 1, name: 'wm' }] };
    const { report } = (await labelVolumes.run({ node, ctx, inputs: { labels: map }, params: { includeBackground: false } })) as { report: ReportValue };
    expect(report.data).toEqual({
      kind: 'label-volumes',
      voxelVolumeMl: 0.005,
      labels: [{ value: 1, name: 'wm', voxels: 2, volumeMl: 0.01 }, { value: 2, name: 'label 2', voxels: 1, volumeMl: 0.005 }],
    });
  });
});
