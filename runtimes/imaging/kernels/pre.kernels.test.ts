import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import type { Geometry, TensorValue, VolumeValue } from '../../core/values';
import { kernel as cropPad } from './pre.crop-pad.kernel';
import { kernel as normalize } from './pre.normalize.kernel';
import { kernel as tile } from './pre.tile.kernel';
import { testContext } from './testing';

const { ctx } = testContext();
const node = {} as never;
const geometry: Geometry = { ...identityGeometry([4, 3, 2]), spacing: [0.5, 1, 2], origin: [100, 0, -50] };
const vol = (data = new Uint8Array(24).map((_, i) => i)): VolumeValue => ({ type: 'volume', dtype: 'uint8', geometry, data });

describe('pre.normalize kernel', () => {
  it('gives a float32 volume with the same geometry', async () => {
    const { volume } = (await normalize.run({ node, ctx, inputs: { volume: vol() }, params: { method: 'min-max', windowCenter: 40, windowWidth: 400, nonzeroOnly: false } })) as { volume: VolumeValue };
    expect(volume.dtype).toBe('float32');
    expect(volume.geometry).toBe(geometry);
    expect(volume.data[0]).toBe(0);
    expect(volume.data[23]).toBe(1);
    expect(volume.data[1]).toBeCloseTo(1 / 23, 7);
  });

  it('rejects a missing or wrong input', async () => {
    const p = { method: 'min-max' as const, windowCenter: 40, windowWidth: 400, nonzeroOnly: false };
    await expect(normalize.run({ node, ctx, inputs: {}, params: p })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
    await expect(normalize.run({ node, ctx, inputs: { volume: { type: 'report', data: {} } }, params: p })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});

describe('pre.crop-pad kernel', () => {
  it('crops with an offset, keeps the dtype and moves the origin', async () => {
    const { volume } = (await cropPad.run({ node, ctx, inputs: { volume: vol() }, params: { size: [2, 2, 1], offset: [2, 1, 1], center: false, padValue: 0 } })) as { volume: VolumeValue };
    expect(volume.dtype).toBe('uint8');
    expect(Array.from(volume.data)).toEqual([18, 19, 22, 23]);
    expect(volume.geometry.dims).toEqual([2, 2, 1]);
    expect(volume.geometry.origin).toEqual([101, 1, -48]);
  });

  it('centres (offset ignored) and pads', async () => {
    const { volume } = (await cropPad.run({ node, ctx, inputs: { volume: vol() }, params: { size: [6, 3, 2], offset: [9, 9, 9], center: true, padValue: 255 } })) as { volume: VolumeValue };
    expect(Array.from(volume.data.subarray(0, 6))).toEqual([255, 0, 1, 2, 3, 255]);
    expect(volume.geometry.origin).toEqual([99.5, 0, -50]);
  });
});

describe('pre.tile kernel', () => {
  it('gives [N,1,s,s,s] tiles with the plan and the volume geometry', async () => {
    const { tiles } = (await tile.run({ node, ctx, inputs: { volume: vol() }, params: { size: 2, overlap: 0, padValue: -1 } })) as { tiles: TensorValue };
    expect(tiles.dims).toEqual([4, 1, 2, 2, 2]);
    expect(tiles.tiling?.geometry).toBe(geometry);
    expect(tiles.tiling?.volumeDims).toEqual([4, 4, 2]);
    expect(Array.from(tiles.data.subarray(16, 24))).toEqual([8, 9, -1, -1, 20, 21, -1, -1]); // tile (0,2,0): y=2 row, y=3 padded
  });
});
