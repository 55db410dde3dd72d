import { describe, expect, it } from 'vitest';
import { identityGeometry } from '../../core/tensor';
import { labelCounts, labelVolumes } from './labels';

describe('label counts and volumes', () => {
  const data = new Uint8Array([0, 0, 0, 1, 1, 2, 0, 2, 2, 2, 0, 0]);

  it('counts every value present, 0 included, keyed as strings', () => {
    expect(labelCounts(data)).toEqual({ 0: 6, 1: 2, 2: 4 });
    expect(labelCounts(new Uint16Array([700, 700, 0]))).toEqual({ 0: 1, 700: 2 });
  });

  it('gives volumes in mL from anisotropic spacing', () => {
    const g = { ...identityGeometry([4, 3, 1]), spacing: [0.5, 2, 5] as [number, number, number] }; // 5 mm^3 per voxel
    const r = labelVolumes(data, g, [{ value: 1, name: 'liver' }, { value: 3, name: 'tumour' }], false);
    expect(r.voxelVolumeMl).toBe(0.005);
    expect(r.labels).toEqual([
      { value: 1, name: 'liver', voxels: 2, volumeMl: 0.01 },
      { value: 2, name: 'label 2', voxels: 4, volumeMl: 0.02 },
      { value: 3, name: 'tumour', voxels: 0, volumeMl: 0 },
    ]);
    const withBg = labelVolumes(data, g, [], true);
    expect(withBg.labels[0]).toEqual({ value: 0, name: 'background', voxels: 6, volumeMl: 0.03 });
  });
});
