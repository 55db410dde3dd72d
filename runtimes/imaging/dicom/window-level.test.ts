import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../domain/graph/schema';
import type { VolumeValue } from '../../core/values';
import { kernel as inputKernel } from '../kernels/input.dicom-series.kernel';
import { kernel as normalizeKernel } from '../kernels/pre.normalize.kernel';
import { testContext } from '../kernels/testing';
import { syntheticDicom } from './fixtures';

// Per slice 2x3 HU values: air, below / at the low edge, centre, high edge, bone above.
const HU = [[-1024, -200, -160, 40, 240, 1000], [-1000, -160, -60, 140, 240, 3000]];

describe('CT in HU through input.dicom-series -> pre.normalize window-level 40/400', () => {
  it('the volume holds HU (stored + intercept) and the window maps [-160, 240] onto [0, 1], clamped', async () => {
    // Stored = HU + 1024, as scanners write it; slices given in reverse to exercise sorting.
    const files = HU.map((hu, k) => syntheticDicom({ rows: 2, cols: 3, signed: true, intercept: -1024, slope: 1, instance: k + 1, position: [0, 0, 2 * k], pixels: hu.map((v) => v + 1024) })).reverse();
    const { ctx } = testContext({
      input: { format: 'dicom', files: files.map((_, i) => ({ sha256: String(i), name: `${i}.dcm`, size: 1 })) },
      readBlob: async (sha) => files[Number(sha)],
    });
    const read = await inputKernel.run({ node: { id: 'in', kind: 'input.dicom-series', version: 1, params: {} }, params: {}, inputs: {}, ctx });
    const volume = read.volume as VolumeValue;
    expect(volume.dtype).toBe('int16');
    expect(Array.from(volume.data)).toEqual(HU.flat());

    const params = { method: 'window-level' as const, windowCenter: 40, windowWidth: 400, nonzeroOnly: false };
    const node: NodeInstance = { id: 'norm', kind: 'pre.normalize', version: 1, params };
    const out = (await normalizeKernel.run({ node, params, inputs: { volume }, ctx })).volume as VolumeValue;
    expect(out.dtype).toBe('float32');
    expect(out.geometry).toEqual(volume.geometry);
    const expected = HU.flat().map((v) => Math.min(1, Math.max(0, (v - (40 - 200)) / 400)));
    expect(Array.from(out.data).map((v) => Math.round(v * 1e6) / 1e6)).toEqual(expected);
    expect(Array.from(out.data.subarray(0, 6))).toEqual([0, 0, 0, 0.5, 1, 1]);
  });
});
