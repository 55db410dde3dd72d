import { describe, expect, it } from 'vitest';
import { meanStd, minMax, normalize, type NormalizeOptions } from './normalize';

const opts = (o: Partial<NormalizeOptions>): NormalizeOptions => ({
  method: 'min-max', windowCenter: 40, windowWidth: 400, nonzeroOnly: false, ...o,
});

describe('normalize', () => {
  it('min-max maps the whole volume to [0,1]', () => {
    const out = normalize(new Int16Array([-10, 0, 10, 30]), opts({}));
    expect(Array.from(out)).toEqual([0, 0.25, 0.5, 1]);
  });

  it('a constant volume becomes zeros in every statistical mode', () => {
    for (const method of ['min-max', 'z-score'] as const) {
      const out = normalize(new Uint8Array(24).fill(7), opts({ method }));
      expect(out.every((v) => v === 0)).toBe(true);
    }
  });

  it('z-score uses the population std', () => {
    const out = normalize(new Float32Array([1, 3, 5, 7]), opts({ method: 'z-score' }));
    const std = Math.sqrt(5); // mean 4, squared deviations 9+1+1+9 over 4
    [1, 3, 5, 7].forEach((v, i) => expect(out[i]).toBeCloseTo((v - 4) / std, 6));
  });

  it('z-score stays exact with a large mean (shifted sums)', () => {
    const st = meanStd(new Float64Array([1e8 + 1, 1e8 + 3]), false);
    expect(st.mean).toBe(1e8 + 2);
    expect(st.std).toBe(1);
  });

  it('min and max over nonzero voxels; nothing counted gives zeros', () => {
    expect(minMax(new Int16Array([0, -3, 5, 0]), true)).toEqual({ count: 2, min: -3, max: 5 });
    expect(minMax(new Int16Array(3), true)).toEqual({ count: 0, min: 0, max: 0 });
  });

  it('window-level clamps to [c-w/2, c+w/2] then scales to [0,1]', () => {
    const out = normalize(new Int16Array([-1000, -160, 40, 240, 3000]), opts({ method: 'window-level' }));
    expect(Array.from(out)).toEqual([0, 0, 0.5, 1, 1]);
  });

  it('nonzeroOnly takes statistics over nonzero voxels and keeps zeros at 0', () => {
    const out = normalize(new Uint8Array([0, 10, 20, 0, 30]), opts({ nonzeroOnly: true }));
    expect(Array.from(out)).toEqual([0, 0, 0.5, 0, 1]);
    const z = normalize(new Uint8Array([0, 2, 4]), opts({ method: 'z-score', nonzeroOnly: true }));
    expect(Array.from(z)).toEqual([0, -1, 1]);
    expect(normalize(new Uint8Array(4), opts({ nonzeroOnly: true })).every((v) => v === 0)).toBe(true);
  });

  it('writes into a preallocated output and checks its length', () => {
    const out = new Float32Array(3);
    expect(normalize(new Uint8Array([0, 1, 2]), opts({}), out)).toBe(out);
    expect(() => normalize(new Uint8Array(2), opts({}), out)).toThrow();
  });
});
