import { describe, it, expect } from 'vitest';
import { decodeValue, encodeValue } from './value-codec';
import type { Geometry, Value } from './values';

const geometry: Geometry = {
  dims: [3, 2, 2],
  spacing: [0.5, 1.25, 3],
  origin: [-10.1, 20.000001, 1e-7],
  direction: [1, 0, 0, 0, -1, 0, 0, 0, 1],
};

const values: Record<string, Value> = {
  'volume uint8': { type: 'volume', dtype: 'uint8', geometry, data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) },
  'volume int16': { type: 'volume', dtype: 'int16', geometry, data: Int16Array.from({ length: 12 }, (_, i) => -1000 + i * 300) },
  'volume float64': { type: 'volume', dtype: 'float64', geometry, data: Float64Array.from({ length: 12 }, (_, i) => Math.PI * i) },
  'volume float32': { type: 'volume', dtype: 'float32', geometry, data: Float32Array.from({ length: 12 }, (_, i) => i / 7) },
  'tensor with tiling': {
    type: 'tensor',
    dims: [2, 1, 1, 2, 3],
    data: Float32Array.from({ length: 12 }, (_, i) => -i * 0.1),
    geometry,
    tiling: { volumeDims: [4, 2, 2], geometry, size: [2, 2, 2], origins: [[0, 0, 0], [2, 0, 0]] },
  },
  'bare tensor': { type: 'tensor', dims: [1, 3], data: new Float32Array([1, NaN, -Infinity]) },
  'label-map uint8': {
    type: 'label-map', geometry, data: new Uint8Array([0, 1, 2, 0, 0, 1, 2, 2, 0, 0, 0, 1]),
    labels: [{ value: 1, name: 'white matter', color: [255, 255, 255] }, { value: 2, name: 'grey matter' }],
  },
  'label-map uint16': { type: 'label-map', geometry, data: new Uint16Array([0, 300, 65535, 7, 0, 0, 0, 0, 0, 0, 0, 1]), labels: [] },
  report: { type: 'report', data: { kind: 'label-volumes', voxelVolumeMl: 0.001, labels: [{ value: 1, name: 'a', voxels: 3, volumeMl: 0.003 }] } },
  'dicom-series': {
    type: 'dicom-series', studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', modality: 'CT',
    instances: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4.5', position: [0, 0, -2.5] }],
  },
};

describe('value codec', () => {
  for (const [name, value] of Object.entries(values)) {
    it(`round-trips ${name}`, () => {
      const bytes = encodeValue(value);
      const back = decodeValue(bytes);
      expect(back).toEqual(value);
      if ('data' in value && ArrayBuffer.isView(value.data)) {
        expect((back as typeof value).data.constructor).toBe(value.data.constructor);
      }
    });
  }

  it('is deterministic (same value, same bytes)', () => {
    const v = values['tensor with tiling'];
    expect(encodeValue(v)).toEqual(encodeValue(structuredClone(v)));
  });

  it('stores arrays little-endian after an 8-byte aligned header', () => {
    const bytes = encodeValue({ type: 'volume', dtype: 'uint16', geometry, data: new Uint16Array(12).fill(0x0102) });
    const start = bytes.length - 24;
    expect(start % 8).toBe(0);
    expect([bytes[start], bytes[start + 1]]).toEqual([0x02, 0x01]);
  });

  it('decodes from an unaligned copy (e.g. a pooled Buffer slice)', () => {
    const bytes = encodeValue(values['volume float64']);
    const shifted = new Uint8Array(bytes.length + 3).subarray(3);
    shifted.set(bytes);
    expect(decodeValue(shifted)).toEqual(values['volume float64']);
  });

  it('only encodes the viewed part of a subarray', () => {
    const big = Float32Array.from({ length: 20 }, (_, i) => i);
    const v: Value = { type: 'tensor', dims: [4], data: big.subarray(5, 9) };
    expect(Array.from((decodeValue(encodeValue(v)) as { data: Float32Array }).data)).toEqual([5, 6, 7, 8]);
  });

  it('rejects garbage and truncation with typed errors', () => {
    expect(() => decodeValue(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(expect.objectContaining({ code: 'CORRUPT_INPUT' }));
    const bytes = encodeValue(values['volume float32']);
    expect(() => decodeValue(bytes.subarray(0, bytes.length - 4))).toThrow(expect.objectContaining({ code: 'TRUNCATED_INPUT' }));
  });
});
