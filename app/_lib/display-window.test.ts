import { describe, expect, it } from 'vitest';
import { initialVoi } from './display-window';

const range = { min: -1024, max: 2000 };

describe('initialVoi: the viewer starts with the DICOM window and MONOCHROME1 inverted', () => {
  it('uses the header window (CT soft tissue 40/400) instead of the volume range', () => {
    const d = { photometric: 'MONOCHROME2', invert: false, window: { center: 40, width: 400 }, source: 'header' as const };
    expect(initialVoi(d, range)).toEqual({ windowCenter: 40, windowWidth: 400, invert: false });
  });

  it('inverts MONOCHROME1', () => {
    const d = { photometric: 'MONOCHROME1', invert: true, window: { center: 1600, width: 2800 }, source: 'header' as const };
    expect(initialVoi(d, range)).toEqual({ windowCenter: 1600, windowWidth: 2800, invert: true });
  });

  it('NIfTI (no display defaults): the whole volume range, not inverted', () => {
    expect(initialVoi(null, range)).toEqual({ windowCenter: 488, windowWidth: 3024, invert: false });
    expect(initialVoi(undefined, { min: 5, max: 5 })).toEqual({ windowCenter: 5.5, windowWidth: 1, invert: false });
  });

  it('a series without a window: the whole volume range, not the first file\'s min..max', () => {
    const d = { photometric: 'MONOCHROME2', invert: false, window: { center: 10, width: 20 }, source: 'minmax' as const };
    expect(initialVoi(d, range)).toEqual({ windowCenter: 488, windowWidth: 3024, invert: false });
  });
});
