import { describe, expect, it } from 'vitest';
import { syntheticDicom } from './fixtures';
import { rescaleChecked, rescaleInt16 } from './rescale';
import { addInt16Simd, isSimdBuffer, simdBuffer } from './simd-rescale';
import { readDicomSeriesAsync } from './series-async';

const series = (o: { intercept?: number; slope?: number; pixels?: (k: number) => number[]; rows?: number; cols?: number } = {}) =>
  [0, 1, 2].map((k) => syntheticDicom({ rows: o.rows ?? 3, cols: o.cols ?? 5, signed: true, intercept: o.intercept, slope: o.slope, instance: k + 1, position: [0, 0, k], pixels: o.pixels?.(k) }));

describe('series assembly: fused rescale into one (preallocated) volume', () => {
  it('int16 stored + integer intercept gives int16 real-world values (HU), odd plane sizes included', async () => {
    const px = (k: number) => Array.from({ length: 15 }, (_, i) => (i * 37 + k * 5) % 3000 - 100);
    const { volume } = await readDicomSeriesAsync(series({ intercept: -1024, pixels: px }));
    expect(volume.dtype).toBe('int16');
    expect(Array.from(volume.data)).toEqual([0, 1, 2].flatMap((k) => px(k).map((v) => v - 1024)));
  });

  it('falls back to float32 when the rescaled range leaves int16, and for fractional slopes', async () => {
    const big = await readDicomSeriesAsync(series({ intercept: 30000, pixels: () => Array.from({ length: 15 }, (_, i) => i * 1000) }));
    expect(big.volume.dtype).toBe('float32');
    expect(big.volume.data[14]).toBe(44000);
    const frac = await readDicomSeriesAsync(series({ slope: 0.5, intercept: -10 }));
    expect(frac.volume.dtype).toBe('float32');
    expect(frac.volume.data[1]).toBe(11 * 0.5 - 10); // default fixture pixels: i * 10 + instance
  });

  it('writes into the caller\'s buffer when it is big enough, else allocates', async () => {
    const into = new ArrayBuffer(3 * 15 * 2);
    const a = await readDicomSeriesAsync(series({ intercept: -1024 }), undefined, { into });
    expect(a.volume.data.buffer).toBe(into);
    const b = await readDicomSeriesAsync(series({ intercept: -1024 }), undefined, { into: new ArrayBuffer(8) });
    expect(b.volume.data.buffer).not.toBe(into);
    expect(Array.from(b.volume.data)).toEqual(Array.from(a.volume.data));
  });

  it('rescaleInt16 flags overflow at both ends; rescaleChecked agrees', () => {
    for (const [v, b, ok] of [[32767, 0, true], [32767, 1, false], [-32768, -1, false], [-32768, 0, true], [100, -1024, true]] as const) {
      const out = new Int16Array(1);
      expect(rescaleInt16(new Int16Array([v]), b, out, 0, 1), `${v}+${b}`).toBe(ok);
      expect(rescaleChecked(new Int16Array([v]), 1, b, new Int16Array(1), 0, 1)).toBe(ok);
    }
  });

  it('WebAssembly SIMD rescale: equals the scalar result on long slices, overflow caught in the vectors and in the tail', () => {
    const n = 8 * 1000 + 5;
    const src = Int16Array.from({ length: n }, (_, i) => ((i * 7919) % 60000) - 30000);
    expect(addInt16Simd(src, 0, new Int16Array(n), n)).toBeDefined(); // Node has SIMD: the fast path runs
    const fast = new Int16Array(n + 3);
    expect(rescaleInt16(src.map((v) => v >> 1), -1024, fast, 3, n)).toBe(true);
    const slow = new Int16Array(n + 3);
    expect(rescaleChecked(src.map((v) => v >> 1), 1, -1024, slow, 3, n)).toBe(true);
    expect(fast).toEqual(slow);
    for (const at of [17, n - 2]) {
      const s = new Int16Array(n);
      s[at] = -32000;
      expect(rescaleInt16(s, -1024, new Int16Array(n), 0, n), `overflow at ${at}`).toBe(false);
    }
  });

  it('in-place SIMD on a simdBuffer: equals the scalar result, overflow caught for negative and positive constants', () => {
    const n = 32 * 1100 + 13; // > 64 KiB: below one page simdBuffer gives a plain buffer
    const buf = simdBuffer(2 * (n + 8));
    expect(isSimdBuffer(buf)).toBe(true);
    const src = Int16Array.from({ length: n }, (_, i) => ((i * 7919) % 60000) - 30000).map((v) => v >> 1);
    for (const c of [-1024, 1000, 0]) {
      const out = new Int16Array(buf, 6, n + 3); // unaligned to 16 bytes on purpose
      const slow = new Int16Array(n + 3);
      expect(rescaleInt16(src, c, out, 3, n), `c ${c}`).toBe(true);
      expect(rescaleChecked(src, 1, c, slow, 3, n)).toBe(true);
      expect(out.subarray(3)).toEqual(slow.subarray(3));
    }
    // every vector of a 128-byte block (each of the kernel's four running minima/maxima), and the tail
    const inBlock = Array.from({ length: 8 }, (_, j) => [[-31745, -1024, 64 * 3 + 8 * j + (j % 8)], [31768, 1000, 64 * 7 + 8 * j + 7 - j]] as const).flat();
    for (const [v, c, at] of [[-31745, -1024, 40], [-31745, -1024, n - 3], [31768, 1000, 64 * 5 + 7], [-32768, -1, 0], [32767, 1, 31], ...inBlock] as const) {
      const a = new Int16Array(buf, 0, n).fill(5);
      a[at] = v;
      expect(rescaleInt16(a, c, a, 0, n), `${v}+${c} at ${at}`).toBe(false);
      a.fill(5);
      a[at] = v - Math.sign(c); // the edge value itself fits
      expect(rescaleInt16(a, c, a, 0, n), `${v - Math.sign(c)}+${c} at ${at}`).toBe(true);
    }
  });
});
