import { describe, expect, it } from 'vitest';
import { canConnect, formatPortType } from './ports';

describe('canConnect', () => {
  it('accepts matching kinds and unknown dims', () => {
    expect(canConnect({ kind: 'label-map', shape: [1, 2, 3] }, { kind: 'label-map' }).ok).toBe(true);
    expect(canConnect({ kind: 'tensor', shape: [null, 1, 64, 64, 64] }, { kind: 'tensor', shape: [1, 1, 64, 64, null] }).ok).toBe(true);
    expect(canConnect({ kind: 'report' }, { kind: 'report' }).ok).toBe(true);
  });

  it('feeds a float32 volume to a tensor as [1,1,z,y,x]', () => {
    expect(canConnect({ kind: 'volume', dtype: 'float32', shape: [64, 32, 16] }, { kind: 'tensor', shape: [1, 1, 16, 32, 64] }).ok).toBe(true);
    expect(canConnect({ kind: 'volume', dtype: 'float32', shape: [64, 32, 16] }, { kind: 'tensor', shape: [1, 1, 64, 32, 16] })).toMatchObject({ ok: false, code: 'shape-mismatch' });
    expect(canConnect({ kind: 'volume', dtype: 'uint8' }, { kind: 'tensor' })).toMatchObject({ ok: false, code: 'incompatible-port' });
  });

  it('refuses other kinds and differing dtypes or shapes', () => {
    expect(canConnect({ kind: 'label-map' }, { kind: 'tensor' })).toMatchObject({ ok: false, code: 'incompatible-port' });
    expect(canConnect({ kind: 'tensor' }, { kind: 'volume' })).toMatchObject({ ok: false, code: 'incompatible-port' });
    expect(canConnect({ kind: 'volume', dtype: 'int16' }, { kind: 'volume', dtype: 'float32' })).toMatchObject({ ok: false, code: 'incompatible-port' });
    expect(canConnect({ kind: 'tensor', shape: [1, 3] }, { kind: 'tensor', shape: [1, 3, 1] })).toMatchObject({ ok: false, code: 'shape-mismatch' });
  });

  it('formats types for messages', () => {
    expect(formatPortType({ kind: 'volume', dtype: 'float32', shape: [1, null, 3] })).toBe('volume<float32>[1,?,3]');
  });
});
