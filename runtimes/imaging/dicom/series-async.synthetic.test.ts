import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../core/errors';
import { syntheticDicom, type SyntheticSlice } from './fixtures';
import { readDicomSeriesAsync as read } from './series-async';

async function expectError(fn: () => Promise<unknown>, code: string, text?: RegExp): Promise<void> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as RuntimeError).code).toBe(code);
    if (text) expect((e as RuntimeError).message).toMatch(text);
    return;
  }
  throw new Error(`expected RuntimeError ${code}`);
}

/** Slices at z = 10, 12, 14... written in shuffled order. */
const stack = (n: number, extra: (i: number) => SyntheticSlice = () => ({})) =>
  [...Array(n).keys()].reverse().map((i) => syntheticDicom({ instance: i + 1, position: [5, -3, 10 + 2 * i], ...extra(i) }));

describe('readDicomSeriesAsync (synthetic files)', () => {
  it('sorts slices along the normal and derives LPS geometry', async () => {
    const { volume, series, warnings } = await read(stack(4));
    expect(volume.geometry).toEqual({ dims: [3, 4, 4], spacing: [0.25, 0.5, 2], origin: [5, -3, 10], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    expect(series.instances.map((i) => i.position[2])).toEqual([10, 12, 14, 16]);
    expect(series.instances.map((i) => i.sopInstanceUid)).toEqual(['1.2.3.4.1', '1.2.3.4.2', '1.2.3.4.3', '1.2.3.4.4']);
    expect(volume.dtype).toBe('uint16');
    // slice k holds instance k+1's ramp: value = pixel*10 + instance
    expect(volume.data[12 * 2 + 5]).toBe(5 * 10 + 3);
    expect(warnings).toEqual([]);
  });

  it('sorts along the normal of a sagittal orientation (normal -x)', async () => {
    // rows along +y, columns along -z: normal = y x -z = -x
    const files = [3, 1, 2].map((i) => syntheticDicom({ instance: i, position: [-2 * i, 0, 0], orientation: [0, 1, 0, 0, 0, -1] }));
    const { volume, series } = await read(files);
    expect(series.instances.map((s) => s.position[0])).toEqual([-2, -4, -6]);
    expect(volume.geometry.direction).toEqual([0, 1, 0, 0, 0, -1, -1, 0, 0]);
    expect(volume.geometry.spacing[2]).toBeCloseTo(2, 10);
  });

  it('warns about gaps and uneven spacing', async () => {
    const files = [0, 2, 4, 8, 10].map((z, i) => syntheticDicom({ instance: i + 1, position: [0, 0, z] }));
    const { warnings, volume } = await read(files);
    expect(warnings.join()).toMatch(/uneven slice spacing.*1 gap/);
    expect(volume.geometry.spacing[2]).toBe(2.5);
  });

  it('refuses several series, mixed orientations, sizes and duplicate positions', async () => {
    await expectError(() => read([...stack(2), syntheticDicom({ seriesUid: '9.9', position: [0, 0, 0] })]), 'DICOM_MIXED_SERIES', /2 series/);
    await expectError(() => read([...stack(2), syntheticDicom({ instance: 7, position: [0, 0, 30], orientation: [0, 1, 0, 0, 0, -1] })]), 'DICOM_MIXED_SERIES', /orientation/);
    await expectError(() => read([...stack(2), syntheticDicom({ instance: 7, position: [0, 0, 30], rows: 5 })]), 'DICOM_MIXED_SERIES');
    await expectError(() => read([...stack(2), syntheticDicom({ instance: 9, position: [5, -3, 10] })]), 'DICOM_MIXED_SERIES', /same position/);
  });

  it('applies rescale: int16 when integral and in range, float32 otherwise', async () => {
    const ct = await read(stack(2, () => ({ signed: true, intercept: -1024, slope: 1 })));
    expect(ct.volume.dtype).toBe('int16');
    expect(ct.volume.data[0]).toBe(0 * 10 + 1 - 1024);
    const frac = await read(stack(2, () => ({ slope: 0.5, intercept: 1.25 })));
    expect(frac.volume.dtype).toBe('float32');
    expect(frac.volume.data[1]).toBeCloseTo(11 * 0.5 + 1.25, 6);
    const big = await read(stack(1, () => ({ pixels: Array(12).fill(60000), intercept: -1000 })));
    expect(big.volume.dtype).toBe('float32');
    expect(big.volume.data[0]).toBe(59000);
  });

  it('reads signed/unsigned 8 and 16 bit, big endian, and masks bits above BitsStored', async () => {
    const s8 = await read([syntheticDicom({ position: [0, 0, 0], bitsAllocated: 8, signed: true, pixels: [0, 1, -1, 127, -128, 5, 6, 7, 8, 9, 10, 11] })]);
    expect(s8.volume.dtype).toBe('int8');
    expect(Array.from(s8.volume.data.slice(0, 5))).toEqual([0, 1, -1, 127, -128]);
    const u8 = await read([syntheticDicom({ position: [0, 0, 0], bitsAllocated: 8, pixels: Array(12).fill(200) })]);
    expect(u8.volume.dtype).toBe('uint8');
    const px = [0, 1, -1, 2047, -2048, 300, -300, 7, 8, 9, 10, 11];
    const be = await read([syntheticDicom({ position: [0, 0, 0], signed: true, pixels: px, transferSyntax: '1.2.840.10008.1.2.2' })]);
    expect(be.volume.dtype).toBe('int16');
    expect(Array.from(be.volume.data)).toEqual(px);
    // 12 bits stored in 16: high bits are garbage (here 0xF000) and must not leak into values
    const masked = await read([syntheticDicom({ position: [0, 0, 0], bitsStored: 12, pixels: Array(12).fill(0xf123) })]);
    expect(masked.volume.data[0]).toBe(0x123);
    const signed12 = await read([syntheticDicom({ position: [0, 0, 0], bitsStored: 12, signed: true, pixels: Array(12).fill(0x0fff) })]);
    expect(signed12.volume.data[0]).toBe(-1);
  });

  it('stacks images without position by InstanceNumber, with a warning', async () => {
    const files = [2, 1].map((i) => syntheticDicom({ instance: i }));
    const r = await read(files);
    expect(r.warnings.join()).toMatch(/ImagePositionPatient/);
    expect(r.volume.data[0]).toBe(1);
  });

  it('stacks the frames of a multi-frame file without functional groups in frame order', async () => {
    const r = await read([syntheticDicom({ position: [0, 0, 0], frames: 2 })]);
    expect(r.volume.geometry.dims).toEqual([3, 4, 2]);
    // the fixture's ramp runs on across frames: frame 2 starts at pixel 12
    expect(Array.from(r.volume.data)).toEqual(Array.from({ length: 24 }, (_, i) => i * 10));
    expect(r.warnings.join()).toMatch(/stacked by InstanceNumber/);
  });

  it('gives typed errors for inconsistent, truncated and broken input', async () => {
    // a compressed transfer syntax over native (unencapsulated) pixel data is a broken file
    await expectError(() => read([syntheticDicom({ position: [0, 0, 0], transferSyntax: '1.2.840.10008.1.2.4.90' })]), 'DICOM_PARSE', /JPEG 2000 \(Lossless Only\) needs encapsulated pixel data/);
    await expectError(() => read([syntheticDicom({ position: [0, 0, 0], cut: 4 })]), 'TRUNCATED_INPUT', /pixel data has 20 bytes/);
    const whole = syntheticDicom({ position: [0, 0, 0] });
    await expectError(() => read([whole.subarray(0, whole.length - 7)]), 'DICOM_PARSE', /truncated/);
    await expectError(() => read([]), 'EMPTY_INPUT');
    await expectError(() => read([new Uint8Array(0)]), 'EMPTY_INPUT');
    await expectError(() => read([new Uint8Array(300).fill(7)]), 'UNSUPPORTED_FORMAT');
  });

  it('never throws anything but RuntimeError on mutated files', async () => {
    const base = syntheticDicom({ position: [1, 2, 3], slope: 2, intercept: 1 });
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 2000; i++) {
      const m = new Uint8Array(base);
      for (let k = 0; k < 1 + (i % 4); k++) m[Math.floor(rand() * m.length)] = Math.floor(rand() * 256);
      const cut = i % 5 === 0 ? m.subarray(0, Math.floor(rand() * m.length)) : m;
      try {
        await read([cut]);
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw new Error(`mutation ${i} threw ${String(e)}`);
      }
    }
  });

  it('reads DS/IS lists with spaces around values; non-numbers and out-of-range values are typed errors', async () => {
    const at = (position: string[]) => read([syntheticDicom({ position: position as unknown as [number, number, number] })]);
    const { series } = await at([' +1.5', '-2e1 ', '.25']);
    expect(series.instances[0].position).toEqual([1.5, -20, 0.25]);
    await expectError(() => at(['1', 'x', '3']), 'DICOM_PARSE', /ImagePositionPatient "1\\x\\3" is not a list of numbers/);
    await expectError(() => at(['1', '', '3']), 'DICOM_PARSE', /is not a list of numbers/);
    await expectError(() => at(['1e999', '0', '3']), 'DICOM_PARSE', /ImagePositionPatient "1e999\\0\\3" is out of range/);
    // a non-number anywhere wins over an out-of-range value before it
    await expectError(() => at(['1e999', '0', '3.x']), 'DICOM_PARSE', /is not a list of numbers/);
  });
});
