import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../domain/graph/schema';
import type { LabelMapValue } from '../../core/values';
import { identityGeometry } from '../geometry';
import { readNifti } from '../nifti/read';
import { countLabels, kernel } from './output.nifti-labels.kernel';
import { testContext } from './testing';

const node: NodeInstance = { id: 'out', kind: 'output.nifti-labels', version: 1, params: {} };

describe('output.nifti-labels kernel', () => {
  it('writes a deterministic .nii.gz with the geometry and counts every label present', async () => {
    const labels: LabelMapValue = {
      type: 'label-map',
      geometry: { ...identityGeometry([4, 3, 2], [0.5, 0.5, 2]), origin: [10, -20, 30] },
      data: Uint8Array.from([0, 0, 1, 1, 1, 2, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
      labels: [],
    };
    const a = testContext();
    const out = await kernel.run({ node, params: { fileName: 'seg.nii.gz' }, inputs: { labels }, ctx: a.ctx });
    expect(out).toEqual({});
    expect(a.files).toHaveLength(1);
    const [file] = a.files;
    expect(file.name).toBe('seg.nii.gz');
    expect(file.mediaType).toBe('application/gzip');
    expect(file.labelCounts).toEqual({ '0': 18, '1': 3, '2': 2, '5': 1 });
    expect([file.bytes[0], file.bytes[1]]).toEqual([0x1f, 0x8b]);
    const back = readNifti(file.bytes);
    expect(back.data).toEqual(labels.data);
    expect(back.geometry).toEqual(labels.geometry);
    const b = testContext();
    await kernel.run({ node, params: { fileName: 'seg.nii.gz' }, inputs: { labels }, ctx: b.ctx });
    expect(b.files[0].bytes).toEqual(file.bytes);
  });

  it('counts uint16 labels and refuses a missing input', async () => {
    expect(countLabels(Uint16Array.from([300, 300, 0, 65535]))).toEqual({ '0': 1, '300': 2, '65535': 1 });
    const { ctx } = testContext();
    await expect(kernel.run({ node, params: { fileName: 'x.nii.gz' }, inputs: {}, ctx })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});
