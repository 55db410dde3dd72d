import { describe, expect, it } from 'vitest';
import { RuntimeError } from './errors';
import { asTensor, identityGeometry, tensorToVolumeDims } from './tensor';
import type { VolumeValue } from './values';

const geometry = identityGeometry([4, 3, 2]);

describe('asTensor', () => {
  it('shares float32 volume data as [1,1,z,y,x]', () => {
    const v: VolumeValue = { type: 'volume', dtype: 'float32', geometry, data: new Float32Array(24) };
    const t = asTensor(v);
    expect(t.dims).toEqual([1, 1, 2, 3, 4]);
    expect(t.data).toBe(v.data);
    expect(t.geometry).toBe(geometry);
  });

  it('converts other dtypes to float32', () => {
    const t = asTensor({ type: 'volume', dtype: 'uint8', geometry, data: new Uint8Array(24).fill(200) });
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.data[23]).toBe(200);
  });

  it('passes tensors through and rejects bad inputs', () => {
    const t = { type: 'tensor' as const, dims: [1, 1, 2, 3, 4], data: new Float32Array(24) };
    expect(asTensor(t)).toBe(t);
    expect(() => asTensor({ type: 'volume', dtype: 'uint8', geometry, data: new Uint8Array(5) })).toThrow(RuntimeError);
    expect(() => asTensor({ type: 'report', data: {} } as never)).toThrow(/expected a volume/);
  });
});

describe('tensorToVolumeDims', () => {
  it('reads [1,C,z,y,x] and defaults the geometry', () => {
    const s = tensorToVolumeDims({ type: 'tensor', dims: [1, 3, 2, 3, 4], data: new Float32Array(72) });
    expect(s).toMatchObject({ channels: 3, dims: [4, 3, 2], voxels: 24 });
    expect(s.geometry.dims).toEqual([4, 3, 2]);
  });

  it('raises SHAPE_MISMATCH for batches, wrong lengths and foreign geometry', () => {
    const bad = [
      { type: 'tensor' as const, dims: [2, 1, 2, 3, 4], data: new Float32Array(48) },
      { type: 'tensor' as const, dims: [1, 1, 2, 3, 4], data: new Float32Array(23) },
      { type: 'tensor' as const, dims: [1, 1, 2, 3, 4], data: new Float32Array(24), geometry: identityGeometry([3, 4, 2]) },
    ];
    for (const t of bad) {
      try {
        tensorToVolumeDims(t);
        expect.unreachable();
      } catch (e) {
        expect((e as RuntimeError).code).toBe('SHAPE_MISMATCH');
      }
    }
  });
});
