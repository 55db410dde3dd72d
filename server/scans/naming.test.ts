import { describe, expect, it } from 'vitest';
import { dicomScanName } from './naming';

describe('dicomScanName', () => {
  it('joins description, series number and ISO date', () => {
    expect(dicomScanName({ seriesDescription: ' T1 MPRAGE ', seriesNumber: '3', date: '20210405' })).toBe('T1 MPRAGE · series 3 · 2021-04-05');
  });
  it('keeps what is there and gives undefined when nothing is', () => {
    expect(dicomScanName({ seriesNumber: '12' })).toBe('series 12');
    expect(dicomScanName({ date: '2021' })).toBe('2021');
    expect(dicomScanName({ seriesDescription: ' ' })).toBeUndefined();
  });
});
