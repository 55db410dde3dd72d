import { closeSync, mkdtempSync, openSync, readvSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSlice } from './slice-fill.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'slice-fill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of a 10-byte header, `pixels` bytes 1, 2, 3, ... and `after` bytes 0xee. */
function file(pixels: number, after: number): number {
  const f = path.join(dir, `${pixels}-${after}-${Math.random()}`);
  writeFileSync(f, new Uint8Array([...new Array(10).fill(9), ...Array.from({ length: pixels }, (_, i) => (i % 250) + 1), ...new Array(after).fill(0xee)]));
  return openSync(f, 'r');
}

/** preadv that fills at most `max` bytes per call (short reads before the end of the file). */
const stingy = (max: number): typeof readvSync => (fd, buffers, position) => {
  let got = 0;
  for (const b of buffers as Uint8Array[]) {
    const want = Math.min(b.length, max - got);
    if (want <= 0) break;
    const n = readvSync(fd, [b.subarray(0, want)], (position ?? 0) + got);
    got += n;
    if (n < want) break; // the end of the file
  }
  return got;
};

describe('readSlice: one positioned read of the pixels, and the file must end right after them', () => {
  it.each([['one preadv', readvSync], ['short reads of 777 bytes', stingy(777)]] as const)('%s', (_, readv) => {
    const cases: [pixels: number, after: number, tail: number, ok: boolean][] = [
      [5000, 0, 0, true], // exact
      [5001, 1, 1, true], // odd length plus its padding byte
      [5000, 1, 0, false], // a byte after Pixel Data (another element, a signature)
      [5001, 0, 1, false], // padding missing: the file is one byte short
      [5000, 0, 1, false],
    ];
    for (const [pixels, after, tail, ok] of cases) {
      const fd = file(pixels, after);
      const bytes = new Uint8Array(pixels + 20).fill(0x55);
      try {
        expect(readSlice(bytes, 8, pixels, tail, fd, 10, readv), `${pixels}+${after}, tail ${tail}`).toBe(ok);
        if (ok) {
          expect(Array.from(bytes.subarray(8, 8 + pixels))).toEqual(Array.from({ length: pixels }, (_, i) => (i % 250) + 1));
          expect(bytes[7]).toBe(0x55); // nothing written around the slot
          expect(bytes[8 + pixels]).toBe(0x55);
        }
      } finally {
        closeSync(fd);
      }
    }
    const short = file(3000, 0);
    expect(readSlice(new Uint8Array(6000), 0, 5000, 0, short, 10, readv)).toBe(false); // truncated file
    closeSync(short);
  });
});
