import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticDicom, type SyntheticSlice } from '../imaging/dicom/fixtures';
import { execFileSync } from 'node:child_process';
import { DICOM_CORPUS, DICOM_DIR, needTools } from '../imaging/dicom/oracle-support';
import type { DicomSeriesResult } from '../imaging/dicom/one-series';
import { readDicomSeriesAsync } from '../imaging/dicom/series-async';
import { isSimdBuffer, simdBuffer } from '../imaging/dicom/simd-rescale';
import { MAX_OPEN, readDicomSeriesFiles, readFast } from './dicom-files';

const dir = mkdtempSync(path.join(tmpdir(), 'dicom-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

/** Writes the files (shuffled on disk order: the reader must sort by position). */
function write(files: Uint8Array[]): string[] {
  const sub = path.join(dir, String(seq++));
  mkdirSync(sub);
  return files.map((bytes, i) => {
    const f = path.join(sub, `${(i * 7) % files.length}_${i}.dcm`);
    writeFileSync(f, bytes);
    return f;
  });
}

const slices = (n: number, o: SyntheticSlice = {}) =>
  Array.from({ length: n }, (_, k) => syntheticDicom({ rows: 9, cols: 13, position: [0, 0, (k * 5) % n], instance: k + 1, ...o }));

/** A private OB element before the image attributes: pushes Pixel Data beyond the first header read. */
function bigHeader(bytes: Uint8Array, extra: number): Uint8Array {
  const at = bytes.findIndex((b, i) => i > 132 && b === 0x08 && bytes[i + 1] === 0x00 && bytes[i + 2] === 0x16 && bytes[i + 3] === 0x00);
  const el = new Uint8Array(12 + extra);
  el.set([0x09, 0x00, 0x01, 0x10, 0x4f, 0x42, 0, 0, extra & 0xff, (extra >> 8) & 0xff, (extra >> 16) & 0xff, 0]);
  return new Uint8Array([...bytes.subarray(0, at), ...el, ...bytes.subarray(at)]);
}

/** Byte-equal volume data plus equal everything else (toEqual walks typed arrays value by value: slow). */
function expectEqual(got: DicomSeriesResult | undefined, ref: DicomSeriesResult) {
  expect(got).toBeDefined();
  const raw = (r: DicomSeriesResult) => Buffer.from(r.volume.data.buffer, r.volume.data.byteOffset, r.volume.data.byteLength);
  expect(got!.volume.data.constructor).toBe(ref.volume.data.constructor);
  expect(Buffer.compare(raw(got!), raw(ref))).toBe(0);
  const rest = (r: DicomSeriesResult) => ({ ...r, volume: { ...r.volume, data: r.volume.data.length } });
  expect(rest(got!)).toEqual(rest(ref));
}

/** Same result (volume values and type, geometry, series, warnings) as the in-memory reader. */
async function expectSame(files: string[], fast: boolean) {
  const names = files.map((f) => path.basename(f));
  const ref = await readDicomSeriesAsync(files.map((f) => new Uint8Array(readFileSync(f))), names);
  // a plain caller buffer (rescale through the scratch), a simdBuffer (rescale in place), none
  const into = new ArrayBuffer(ref.volume.data.byteLength + 64);
  const got = await readDicomSeriesFiles(files, names, { into });
  expectEqual(got, ref);
  expect(got.volume.data.buffer).toBe(into);
  const simd = simdBuffer(ref.volume.data.byteLength);
  const inPlace = await readDicomSeriesFiles(files, names, { into: simd });
  expectEqual(inPlace, ref);
  expect(inPlace.volume.data.buffer).toBe(simd);
  expect((await readFast(files, names)) !== undefined).toBe(fast);
  if (fast) expectEqual(await readFast(files, names), ref);
  // int16 slices on two threads (the helper thread is used from 0 bytes), into a fresh shared
  // volume and into a caller's shared one
  expectEqual(await readDicomSeriesFiles(files, names, { parallelFrom: 0 }), ref);
  const shared = simdBuffer(ref.volume.data.byteLength, { shared: true });
  const both = await readDicomSeriesFiles(files, names, { into: shared, parallelFrom: 0 });
  expectEqual(both, ref);
  expect(both.volume.data.buffer).toBe(shared);
  return got;
}

describe('readDicomSeriesFiles: files straight into the volume, identical to readDicomSeriesAsync', () => {
  it('takes the fast path for native little-endian series: int16 + intercept, uint16, 8-bit, float32', async () => {
    const ct = await expectSame(write(slices(6, { signed: true, intercept: -1024, pixels: Array.from({ length: 117 }, (_, i) => (i * 37) % 3000) })), true);
    expect(ct.volume.dtype).toBe('int16');
    expect((await expectSame(write(slices(4, { signed: true })), true)).volume.dtype).toBe('int16');
    expect((await expectSame(write(slices(4, { intercept: -1024 })), true)).volume.dtype).toBe('int16');
    expect((await expectSame(write(slices(4, { bitsAllocated: 8, intercept: -3 })), true)).volume.dtype).toBe('int16');
    expect((await expectSame(write(slices(4, { slope: 0.5, intercept: -10 })), true)).volume.dtype).toBe('float32');
    expect((await expectSame(write(slices(3, { bitsAllocated: 8, slope: 2.5 })), true)).volume.dtype).toBe('float32');
  });

  it.skipIf(!needTools('dcmconv').ok)(needTools('dcmconv').title('implicit VR little endian (converted by dcmconv +ti)'), async () => {
    const files = write(slices(4, { signed: true, intercept: -1024 }));
    for (const f of files) execFileSync('dcmconv', ['+ti', f, f]);
    await expectSame(files, true);
  });

  it('large slices: pixel bytes partly in the header read, the rest read straight into the volume', async () => {
    const big = (o: SyntheticSlice) => Array.from({ length: 3 }, (_, k) =>
      syntheticDicom({ rows: 301, cols: 257, position: [0, 0, -k], instance: k + 1, pixels: Array.from({ length: 301 * 257 }, (_, i) => (i * 31 + k) % 4000), ...o }));
    expect((await expectSame(write(big({ signed: true, intercept: -1024 })), true)).volume.dtype).toBe('int16');
    expect((await expectSame(write(big({ slope: 2, intercept: -7 })), true)).volume.dtype).toBe('int16');
    expect((await expectSame(write(big({ slope: 0.25 })), true)).volume.dtype).toBe('float32');
  }, 180_000);

  it('large slices: overflow near the end of a slice falls back; a fresh volume lives in a simdBuffer', async () => {
    const big = (o: SyntheticSlice) => Array.from({ length: 3 }, (_, k) =>
      syntheticDicom({ rows: 301, cols: 257, position: [0, 0, -k], instance: k + 1, pixels: Array.from({ length: 301 * 257 }, (_, i) => (i * 31 + k) % 4000), ...o }));
    // overflow found late in the in-place rescale: the in-memory reader redoes it as float32
    const late = (k: number) => Array.from({ length: 301 * 257 }, (_, i) => (i === 301 * 257 - 40 ? -32000 : (i * 31 + k) % 4000));
    const over = Array.from({ length: 3 }, (_, k) => syntheticDicom({ rows: 301, cols: 257, position: [0, 0, k], signed: true, intercept: -1024, pixels: late(k) }));
    expect((await expectSame(write(over), false)).volume.dtype).toBe('float32');
    // without a caller buffer the volume lives in a simdBuffer
    const files = write(big({ signed: true, intercept: -1024 }));
    expect(isSimdBuffer((await readDicomSeriesFiles(files)).volume.data.buffer)).toBe(true);
  }, 180_000);

  it('CT slices land in volume order whatever the file order, on one thread and on two', async () => {
    const ct = (z: number, k: number) => syntheticDicom({ rows: 9, cols: 13, position: [0, 0, z], instance: k + 1, signed: true, intercept: -1024, pixels: Array.from({ length: 117 }, (_, i) => i * 3 + z * 50) });
    const n = 11;
    const ascending = Array.from({ length: n }, (_, k) => ct(k, k));
    const descending = Array.from({ length: n }, (_, k) => ct(n - 1 - k, k));
    const swapped = [...ascending];
    [swapped[3], swapped[7]] = [swapped[7], swapped[3]];
    const rotated = [...ascending.slice(1, -1), ascending[0], ascending[n - 1]];
    // the early reads' predictions fail: a missing slice (off the grid), ends that are not the extremes
    const gap = ascending.filter((_, k) => k !== 4);
    const endsInside = [ascending[3], ...ascending.slice(4, -1), ascending[0], ascending[1], ascending[2], ascending[n - 1], ascending[6]].filter((b, i, all) => all.indexOf(b) === i);
    // the dtype changes after early reads: a uint16 slice (general path) or a fractional slope (float32)
    const uint16 = ascending.map((b, k) => (k === 5 ? syntheticDicom({ rows: 9, cols: 13, position: [0, 0, 5], instance: 6, intercept: -1024 }) : b));
    const slope = ascending.map((b, k) => (k === 5 ? syntheticDicom({ rows: 9, cols: 13, position: [0, 0, 5], instance: 6, signed: true, slope: 0.5, intercept: -1024 }) : b));
    for (const order of [ascending, descending, swapped, rotated, gap, endsInside, uint16, slope]) {
      const files = order.map((bytes, i) => { const sub = path.join(dir, `order-${seq++}`); mkdirSync(sub); const f = path.join(sub, `${i}.dcm`); writeFileSync(f, bytes); return f; });
      expect((await expectSame(files, true)).volume.dtype).toBe(order === slope ? 'float32' : 'int16');
    }
  });

  it('a uint16 slice among int16 ones, another size or another series: the same result or typed error as the in-memory reader', async () => {
    const ct = (z: number, o: SyntheticSlice = {}) => syntheticDicom({ rows: 9, cols: 13, position: [0, 0, z], instance: z + 1, signed: true, intercept: -1024, ...o });
    await expectSame(write([ct(0), ct(1), ct(2, { signed: false }), ct(3)]), true);
    for (const files of [write([ct(0), ct(1), ct(2, { rows: 10 }), ct(3)]), write([ct(0), ct(1), ct(2, { seriesUid: '9.9' }), ct(3)])]) {
      const ref = await readDicomSeriesAsync(files.map((f) => new Uint8Array(readFileSync(f))), files).catch((e: unknown) => e);
      expect(ref).toMatchObject({ code: 'DICOM_MIXED_SERIES' });
      await expect(readDicomSeriesFiles(files, files, { parallelFrom: 0 })).rejects.toEqual(ref);
    }
  });

  it('more files than it keeps open: the rest are reopened for their pixels', async () => {
    const n = MAX_OPEN + 7;
    const many = Array.from({ length: n }, (_, k) => syntheticDicom({ rows: 2, cols: 3, position: [0, 0, (k * 7) % n], instance: k + 1, signed: true, intercept: -1024, pixels: [k, 1, 2, 3, 4, 5] }));
    expect((await expectSame(write(many), true)).volume.geometry.dims).toEqual([3, 2, n]);
  });

  it('grows the header read when Pixel Data lies beyond it', async () => {
    await expectSame(write(slices(3, { intercept: -1024 }).map((b) => bigHeader(b, 100_000))), true);
  });

  it('falls back for big endian, BitsStored < BitsAllocated, multi-frame, int16 overflow, trailing elements', async () => {
    await expectSame(write(slices(3, { transferSyntax: '1.2.840.10008.1.2.2', intercept: -1024 })), false);
    await expectSame(write(slices(3, { bitsStored: 12, signed: true, pixels: Array.from({ length: 117 }, (_, i) => (i % 2 ? -i : i)) })), false);
    await expectSame(write([syntheticDicom({ rows: 4, cols: 3, frames: 3 })]), false);
    await expectSame(write(slices(3, { intercept: 30000, pixels: Array.from({ length: 117 }, (_, i) => i * 500) })), false);
    const padded = slices(3).map((b) => new Uint8Array([...b, 0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 2, 0, 0, 0, 0, 0]));
    await expectSame(write(padded), false);
  });

  it('gives the same typed RuntimeError for truncated files, short pixel data and mixed series', async () => {
    const full = slices(3, { signed: true, intercept: -1024 });
    const cases = [
      write([full[0], full[1], full[2].subarray(0, full[2].length - 50)]),
      write([full[0], syntheticDicom({ rows: 9, cols: 13, position: [0, 0, 9], cut: 40 })]),
      write([full[0], full[1].subarray(0, 200)]),
      // a broken file in the middle, while the early reads of the others run on two threads
      write(slices(6, { signed: true, intercept: -1024 }).map((b, k) => (k === 2 ? b.subarray(0, b.length - 30) : b))),
      write([full[0], syntheticDicom({ rows: 9, cols: 13, position: [0, 0, 9], seriesUid: '9.9' })]),
    ];
    for (const files of cases) {
      const ref = await readDicomSeriesAsync(files.map((f) => new Uint8Array(readFileSync(f))), files).catch((e: unknown) => e);
      expect(ref).toMatchObject({ name: 'RuntimeError' });
      await expect(readDicomSeriesFiles(files, files)).rejects.toEqual(ref);
      await expect(readDicomSeriesFiles(files, files, { parallelFrom: 0 })).rejects.toMatchObject({ code: (ref as { code: string }).code });
    }
  });
});

describe(DICOM_CORPUS.title('readDicomSeriesFiles on corpus series'), () => {
  for (const series of ['ct_series_5slice', 'mr_series']) {
    it.skipIf(!DICOM_CORPUS.ok)(`${series}: identical volume, geometry and series to the in-memory reader`, async () => {
      const files = readdirSync(path.join(DICOM_DIR, series)).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(DICOM_DIR, series, f));
      const names = files.map((f) => path.basename(f));
      const ref = await readDicomSeriesAsync(files.map((f) => new Uint8Array(readFileSync(f))), names);
      expectEqual(await readDicomSeriesFiles(files, names), ref);
      expectEqual(await readFast(files, names), ref);
    });
  }
});
