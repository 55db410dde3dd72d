import { describe, expect, it } from 'vitest';
import { threshold } from './threshold';

describe('threshold', () => {
  it('labels values at or above the threshold', () => {
    expect(Array.from(threshold(new Float32Array([0.1, 0.5, 0.9, -1]), 0.5, 3))).toEqual([0, 3, 3, 0]);
  });
});
