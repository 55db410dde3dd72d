import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../domain/graph/schema';
import type { DicomSeriesValue, VolumeValue } from '../../core/values';
import { syntheticDicom } from '../dicom/fixtures';
import { kernel } from './input.dicom-series.kernel';
import { testContext } from './testing';

const node: NodeInstance = { id: 'in', kind: 'input.dicom-series', version: 1, params: {} };

describe('input.dicom-series kernel', () => {
  it('reads every file of the run input into one volume and its series', async () => {
    const blobs = new Map([2, 0, 1].map((i) => [`${i}`.padStart(64, '0'), syntheticDicom({ instance: i + 1, position: [0, 0, 3 * i], signed: true, intercept: -1024 })]));
    const { ctx, progress } = testContext({
      input: { format: 'dicom', files: [...blobs.keys()].map((sha) => ({ sha256: sha, name: `${sha.slice(-1)}.dcm`, size: 1 })) },
      readBlob: async (sha) => blobs.get(sha)!,
    });
    const out = await kernel.run({ node, params: {}, inputs: {}, ctx });
    const volume = out.volume as VolumeValue;
    const series = out.series as DicomSeriesValue;
    expect(volume.geometry.dims).toEqual([3, 4, 3]);
    expect(volume.geometry.spacing[2]).toBe(3);
    expect(volume.dtype).toBe('int16');
    expect(series.instances.map((i) => i.position[2])).toEqual([0, 3, 6]);
    expect(progress.at(-1)).toBe(1);
  });

  it('refuses a NIfTI run input and mixed series with typed errors', async () => {
    const nifti = testContext({ input: { format: 'nifti', files: [] } });
    await expect(kernel.run({ node, params: {}, inputs: {}, ctx: nifti.ctx })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
    const blobs = [syntheticDicom({ position: [0, 0, 0] }), syntheticDicom({ seriesUid: '7.7', position: [0, 0, 1] })];
    const mixed = testContext({
      input: { format: 'dicom', files: blobs.map((_, i) => ({ sha256: String(i), name: `${i}.dcm`, size: 1 })) },
      readBlob: async (sha) => blobs[Number(sha)],
    });
    await expect(kernel.run({ node, params: {}, inputs: {}, ctx: mixed.ctx })).rejects.toMatchObject({ code: 'DICOM_MIXED_SERIES' });
  });
});
