import { describe, expect, it } from 'vitest';
import { displayDefaults } from './display-defaults';
import { syntheticDicom } from './fixtures';

describe('displayDefaults: initial window and MONOCHROME1 for the viewer', () => {
  it('without a window in the header: the min..max of the real-world values (rescale applied)', async () => {
    const d = await displayDefaults(syntheticDicom({ pixels: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], intercept: -1024 }));
    expect(d).toEqual({ photometric: 'MONOCHROME2', invert: false, window: { center: -1024 + 55, width: 110 }, source: 'minmax' });
  });
});
