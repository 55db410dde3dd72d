import { describe, expect, it } from 'vitest';
import { nodeSpecs } from '../../domain/nodes/catalogue';
import { kernelFigures } from './kernels';

describe('kernelFigures', () => {
  it('times every kind with a calibration sample, and only those, on what the samples provide', async () => {
    const timed: number[] = [];
    const figures = await kernelFigures(async (fn) => {
      await fn();
      timed.push(timed.length);
      return { cpu: 1, wall: 1 };
    });
    const sampled = nodeSpecs.filter((s) => s.calibration).map((s) => s.kind);
    expect(sampled.length).toBeGreaterThan(5);
    expect(Object.keys(figures)).toEqual(sampled);
    expect(timed.length).toBe(sampled.length);
    // cpu 1 s over the bytes moved: a positive, finite rate means the kernel moved bytes
    for (const kind of sampled) expect(Number.isFinite(figures[kind]) && figures[kind] > 0, kind).toBe(true);
  });
});
