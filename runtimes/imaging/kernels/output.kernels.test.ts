import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import type { LabelMapValue, VolumeValue } from '../../core/values';
import { subGeometry } from '../geometry';
import { kernel as overlay } from './output.overlay-png.kernel';
import { kernel as reportJson } from './output.report-json.kernel';
import { testContext } from './testing';

const node = {} as never;

describe('output.overlay-png kernel', () => {
  const geometry = identityGeometry([4, 3, 2]);
  const image: VolumeValue = { type: 'volume', dtype: 'float32', geometry, data: new Float32Array(24).map((_, i) => i) };
  // 1x1x1 label map cropped at voxel (3, 2, 1) of the image.
  const labels: LabelMapValue = { type: 'label-map', geometry: subGeometry(geometry, [3, 2, 1], [1, 1, 1]), data: new Uint8Array([1]), labels: [{ value: 1, name: 'x', color: [0, 0, 255] }] };

  it('writes a deterministic PNG of the busiest slice with the label at its world position', async () => {
    const { ctx, files } = testContext();
    await overlay.run({ node, ctx, inputs: { image, labels }, params: { slice: null, opacity: 1, fileName: 'o.png' } });
    await overlay.run({ node, ctx, inputs: { image, labels }, params: { slice: null, opacity: 1, fileName: 'o.png' } });
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({ name: 'o.png', mediaType: 'image/png' });
    expect(Buffer.from(files[0].bytes).equals(Buffer.from(files[1].bytes))).toBe(true);
    const png = decode(files[0].bytes);
    expect([png.width, png.height, png.channels]).toEqual([4, 3, 3]);
    const px = (c: number, r: number) => Array.from(png.data.slice((r * 4 + c) * 3, (r * 4 + c) * 3 + 3));
    expect(px(3, 2)).toEqual([0, 0, 255]);
    expect(px(0, 0)).toEqual([0, 0, 0]);
    expect(px(2, 2)).toEqual([232, 232, 232]); // 22 in slice [12, 23]: 10*255/11
  });

  it('shows a true axial plane of a LIA scan (its third file axis is coronal)', async () => {
    // LIA: x -> left, y -> inferior, z -> anterior; 4 x 3 x 2 voxels, so 3 axial slices of 4 x 2
    const lia = { ...identityGeometry([4, 3, 2]), direction: [1, 0, 0, 0, 0, -1, 0, -1, 0] as VolumeValue['geometry']['direction'] };
    const img: VolumeValue = { type: 'volume', dtype: 'float32', geometry: lia, data: new Float32Array(24).map((_, i) => i) };
    const { ctx, files } = testContext();
    await overlay.run({ node, ctx, inputs: { image: img, labels: { ...labels, geometry: subGeometry(lia, [0, 0, 0], [1, 1, 1]) } }, params: { slice: 0, opacity: 0, fileName: 'o.png' } });
    const png = decode(files[0].bytes);
    expect([png.width, png.height]).toEqual([4, 2]);
    // axial slice 0 (feet) is file y = 2 (y runs to inferior); rows run anterior (file z = 1) to
    // posterior: values 20..23 over 8..11, windowed to the slice's min-max
    const grey = Array.from({ length: 8 }, (_, p) => png.data[p * 3]);
    expect(grey).toEqual([204, 221, 238, 255, 0, 17, 34, 51]);
    await expect(overlay.run({ node, ctx, inputs: { image: img, labels }, params: { slice: 3, opacity: 0, fileName: 'o.png' } })).rejects.toMatchObject({ message: 'axial slice 3 is outside the image (3 axial slices)' });
  });

  it('refuses a slice outside the image', async () => {
    const { ctx } = testContext();
    await expect(overlay.run({ node, ctx, inputs: { image, labels }, params: { slice: 2, opacity: 1, fileName: 'o.png' } })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});

describe('output.report-json kernel', () => {
  it('writes sorted-key JSON regardless of insertion order', async () => {
    const { ctx, files } = testContext();
    await reportJson.run({ node, ctx, inputs: { report: { type: 'report', data: { z: 1, a: [{ y: 1, b: 2 }] } } }, params: { fileName: 'r.json' } });
    expect(files[0]).toMatchObject({ name: 'r.json', mediaType: 'application/json' });
    expect(new TextDecoder().decode(files[0].bytes)).toBe('{\n  "a": [\n    {\n      "b": 2,\n      "y": 1\n    }\n  ],\n  "z": 1\n}\n');
  });
});
