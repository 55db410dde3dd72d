import { describe, expect, it } from 'vitest';
import { isNotASlice } from './scan-files';

describe('isNotASlice', () => {
  it('skips indexes, hidden files and desktop litter, by base name', () => {
    for (const n of ['DICOMDIR', 'dicomdir', '.DS_Store', 'series/._IM0001.dcm', 'a\\b\\Thumbs.db', 'desktop.ini']) expect(isNotASlice(n)).toBe(true);
  });
  it('keeps slices whatever they are called', () => {
    for (const n of ['IM0001', 'series/1.2.3.dcm', 'CT.DICOMDIR.dcm', 'x.nii.gz', 'Thumbs.db.dcm']) expect(isNotASlice(n)).toBe(false);
  });
});
