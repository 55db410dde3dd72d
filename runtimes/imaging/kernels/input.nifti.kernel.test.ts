import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../domain/graph/schema';
import { RuntimeError } from '../../core/errors';
import type { VolumeValue } from '../../core/values';
import { identityGeometry } from '../geometry';
import { writeNifti } from '../nifti/write';
import { kernel } from './input.nifti.kernel';
import { testContext } from './testing';

const node: NodeInstance = { id: 'in', kind: 'input.nifti', version: 1, params: {} };
const file = { sha256: 'a'.repeat(64), name: 'scan.nii.gz', size: 1 };

describe('input.nifti kernel', () => {
  it('reads the run input blob into a volume', async () => {
    const v: VolumeValue = { type: 'volume', dtype: 'int16', geometry: identityGeometry([3, 2, 2], [1, 1, 2]), data: Int16Array.from({ length: 12 }, (_, i) => i - 6) };
    const bytes = writeNifti(v, { gzip: true });
    const asked: string[] = [];
    const { ctx } = testContext({
      input: { format: 'nifti', files: [file] },
      readBlob: async (sha) => (asked.push(sha), bytes),
    });
    const out = await kernel.run({ node, params: {}, inputs: {}, ctx });
    expect(asked).toEqual([file.sha256]);
    const vol = out.volume as VolumeValue;
    expect(vol.dtype).toBe('int16');
    expect(vol.data).toEqual(v.data);
    expect(vol.geometry.spacing).toEqual([1, 1, 2]);
  });

  it('refuses a DICOM run input and passes reader errors through typed', async () => {
    const dicom = testContext({ input: { format: 'dicom', files: [file] } });
    await expect(kernel.run({ node, params: {}, inputs: {}, ctx: dicom.ctx })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
    const empty = testContext({ input: { format: 'nifti', files: [file] }, readBlob: async () => new Uint8Array(0) });
    await expect(kernel.run({ node, params: {}, inputs: {}, ctx: empty.ctx })).rejects.toBeInstanceOf(RuntimeError);
    await expect(kernel.run({ node, params: {}, inputs: {}, ctx: empty.ctx })).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });
});
