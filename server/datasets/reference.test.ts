import { describe, expect, it } from 'vitest';
import type { DicomSeriesValue, Geometry, VolumeValue } from '../../runtimes/core/values';
import type { SegObject } from '../../runtimes/imaging/seg';
import { segReference } from './reference';

/** A 4x3x2 grid (1 mm, identity) and a SEG on it built by hand: what a hostile or large upload declares. */
const geometry: Geometry = { dims: [4, 3, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const volume = { type: 'volume', geometry, data: new Float32Array(24) } as unknown as VolumeValue;
const series = { seriesInstanceUid: '1.2.3', instances: [{ sopInstanceUid: '1.2.3.1' }, { sopInstanceUid: '1.2.3.2' }] } as unknown as DicomSeriesValue;
const code = { value: 'T-D0050', scheme: 'SRT', meaning: 'Tissue' };

function seg(segmentNumbers: number[], frames: { segmentNumber: number; z: number; mask: number[] }[]): SegObject {
  return {
    sopInstanceUid: '9.9',
    studyInstanceUid: '1',
    seriesInstanceUid: '9',
    referencedSeriesInstanceUid: '1.2.3',
    rows: 3,
    cols: 4,
    orientation: [1, 0, 0, 0, 1, 0],
    pixelSpacing: [1, 1],
    segments: segmentNumbers.map((number) => ({ number, label: `s${number}`, category: code, type: code })),
    frames: frames.map((f) => ({ segmentNumber: f.segmentNumber, position: [0, 0, f.z], mask: Uint8Array.from(f.mask) })),
  } as unknown as SegObject;
}

describe('segReference', () => {
  it('places segments in one label volume, the higher number winning where they overlap', () => {
    const ones = new Array(12).fill(1);
    const corner = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const ref = segReference('c', volume, series, seg([1, 2], [{ segmentNumber: 2, z: 1, mask: corner }, { segmentNumber: 1, z: 1, mask: ones }]));
    expect(Array.from(ref.data.slice(0, 12))).toEqual(new Array(12).fill(0));
    expect(Array.from(ref.data.slice(12))).toEqual([2, ...new Array(11).fill(1)]);
  });

  it('refuses a SEG describing more segments than a version may hold labels, before placing anything', () => {
    const many = Array.from({ length: 5000 }, (_, i) => i + 1);
    expect(() => segReference('c', volume, series, seg(many, [{ segmentNumber: 1, z: 0, mask: new Array(12).fill(1) }]))).toThrow(
      expect.objectContaining({ code: 'DATASET_REFERENCE_INVALID', details: expect.objectContaining({ values: 5000 }) }),
    );
  });

  it('refuses frames that fall on no slice of the series', () => {
    expect(() => segReference('c', volume, series, seg([1], [{ segmentNumber: 1, z: 7, mask: new Array(12).fill(1) }]))).toThrow(expect.objectContaining({ code: 'DATASET_GRID_MISMATCH' }));
  });
});
