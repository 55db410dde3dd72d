import { describe, expect, it } from 'vitest';
import { squaredEdt } from './edt';

/** Mulberry-style LCG for test data only. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

describe('squaredEdt', () => {
  it('equals the brute-force nearest-feature distance with anisotropic spacing', () => {
    const rand = lcg(7);
    const dims = [9, 7, 6] as const, spacing = [0.7, 1.3, 2.9] as const;
    for (let trial = 0; trial < 5; trial++) {
      const n = dims[0] * dims[1] * dims[2];
      const features: number[][] = [];
      const f = new Float64Array(n);
      for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
        const on = rand() < 0.03 * (trial + 1);
        f[v] = on ? 0 : Infinity;
        if (on) features.push([i, j, k]);
      }
      squaredEdt(f, dims, spacing);
      let worst = 0;
      for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
        let best = Infinity;
        for (const [a, b, c] of features) {
          best = Math.min(best, ((i - a) * spacing[0]) ** 2 + ((j - b) * spacing[1]) ** 2 + ((k - c) * spacing[2]) ** 2);
        }
        if (best === Infinity) expect(f[v]).toBe(Infinity);
        else worst = Math.max(worst, Math.abs(f[v] - best) / Math.max(best, 1));
      }
      expect(features.length).toBeGreaterThan(0);
      expect(worst).toBeLessThan(1e-12);
    }
  });

  it('leaves everything infinite when there is no feature', () => {
    const f = new Float64Array(8).fill(Infinity);
    squaredEdt(f, [2, 2, 2], [1, 1, 1]);
    expect([...f].every((x) => x === Infinity)).toBe(true);
  });
});
