import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../core/errors';
import { toRgb } from './colour';
import { decodeStoredPixels } from './decode';
import { syntheticDicom, type SyntheticWords } from './fixtures';
import { parseDicom } from './parse';
import { expandSegments, readSegmentedLut } from './segmented-lut';

const expand16 = (units: number[], entries: number) => [...expandSegments(units, 2, entries, 'test')];

/** OW words holding `bytes`, low byte first (8-bit segments); an odd count gets a zero pad byte. */
const packBytes = (bytes: number[]) => Array.from({ length: Math.ceil(bytes.length / 2) }, (_, i) => bytes[2 * i] | ((bytes[2 * i + 1] ?? 0) << 8));

/** A PALETTE COLOR file whose red, green and blue LUTs are all `data` under `descriptor`. */
function paletteFile(descriptor: number[], data: number[], pixels: number[], tag = 0x1221): Uint8Array {
  const words: SyntheticWords[] = [0, 1, 2].flatMap((c) => [
    { group: 0x28, element: 0x1101 + c, vr: 'US' as const, values: descriptor },
    { group: 0x28, element: tag + c, vr: 'OW' as const, values: data },
  ]);
  return syntheticDicom({ rows: 1, cols: pixels.length, bitsAllocated: 8, photometric: 'PALETTE COLOR', pixels, words });
}

describe('segmented palette LUT expansion (PS3.3 C.7.9.2), hand-derived', () => {
  it('discrete: the values that follow, as they are', () => {
    expect(expand16([0, 3, 10, 20, 30], 3)).toEqual([10, 20, 30]);
  });

  it('linear: from the previous entry y0 to y1 over n entries, ending on y1 (not repeating y0)', () => {
    // (x0, y0) = (0, 100), (x0 + 4, y1) = (4, 200): the points x = 1..4 on that line are 125, 150, 175, 200.
    expect(expand16([0, 1, 100, 1, 4, 200], 5)).toEqual([100, 125, 150, 175, 200]);
    // Decreasing 10 -> 0 over 3: 10 - 10/3 = 6.67 -> 7, 10 - 20/3 = 3.33 -> 3, then 0.
    expect(expand16([0, 1, 10, 1, 3, 0], 4)).toEqual([10, 7, 3, 0]);
    // 0 -> 2 over 4: 0.5, 1, 1.5, 2; halves round up.
    expect(expand16([0, 1, 0, 1, 4, 2], 5)).toEqual([0, 1, 1, 2, 2]);
  });

  it('indirect: runs the segments at a byte offset again; a copied linear segment starts from the current last entry', () => {
    // Bytes 0: discrete [5, 6]; 8: linear 6 -> 10 over 2 = [8, 10]; 14: indirect, 2 segments from byte 0.
    expect(expand16([0, 2, 5, 6, 1, 2, 10, 2, 2, 0, 0], 8)).toEqual([5, 6, 8, 10, 5, 6, 8, 10]);
    // After a discrete [0], the copy of the linear segment at byte 8 goes 0 -> 10 over 2 = [5, 10].
    expect(expand16([0, 2, 5, 6, 1, 2, 10, 0, 1, 0, 2, 1, 8, 0], 7)).toEqual([5, 6, 8, 10, 0, 5, 10]);
    // An indirect segment may point forward: byte 14 is the discrete [7] after it.
    expect(expand16([0, 1, 1, 2, 1, 14, 0, 0, 1, 7], 3)).toEqual([1, 7, 7]);
  });

  it('indirect: the 32-bit offset is the least significant word first', () => {
    // A discrete segment of 32766 entries fills bytes 0..65535; byte 65536 = 0x10000 is discrete [42],
    // and the indirect [2, 1, 0x0000, 0x0001] copies it. Read most significant first, the offset
    // would be 1: odd, not a segment start.
    const big = [0, 32766, ...Array.from({ length: 32766 }, (_, i) => i), 0, 1, 42, 2, 1, 0x0000, 0x0001];
    const out = expandSegments(big, 2, 32768, 'test');
    expect([out[0], out[32765], out[32766], out[32767]]).toEqual([0, 32765, 42, 42]);
  });

  it('8-bit entries: segments of bytes, low byte of each OW word first, one zero pad byte allowed', () => {
    // discrete [10, 20]; linear 20 -> 40 over 2 = [30, 40]; indirect (4-byte offset 0) copies the discrete.
    const bytes = [0, 2, 10, 20, 1, 2, 40, 2, 1, 0, 0, 0, 0];
    expect([...expandSegments([...bytes, 0], 1, 6, 'test')]).toEqual([10, 20, 30, 40, 10, 20]);
    const ds = parseDicom(paletteFile([6, 0, 8], packBytes(bytes), [0]));
    expect(readSegmentedLut(ds, 'x00281101', 'x00281221', 'test')).toEqual({ first: 0, bits: 8, data: Uint16Array.from([10, 20, 30, 40, 10, 20]) });
  });

  it('descriptor: 0 entries means 65536; 0 -> 65535 over 65535 is the identity', () => {
    const lut = readSegmentedLut(parseDicom(paletteFile([0, 0, 16], [0, 1, 0, 1, 65535, 65535], [0])), 'x00281101', 'x00281221', 'test')!;
    expect(lut.data.length).toBe(65536);
    expect(lut.data.every((v, i) => v === i)).toBe(true);
  });

  it('PALETTE COLOR with only segmented LUTs renders through them (first mapped value 100, clamped outside)', async () => {
    // 8-bit entries: discrete [10], linear 10 -> 30 over 2 = [20, 30]. Pixel 99 clamps to entry 0, 200 to the last.
    const bytes = paletteFile([3, 100, 8], packBytes([0, 1, 10, 1, 2, 30]), [99, 100, 101, 102, 200]);
    const ds = parseDicom(bytes);
    const { info, data } = await decodeStoredPixels(ds, 'test');
    expect([...toRgb(data, info, ds, 'test')]).toEqual([10, 10, 20, 30, 30].flatMap((v) => [v, v, v]));
    // 16-bit entries are scaled to 8 bits (>> 8): 0x1234 -> 0x12.
    const wide = parseDicom(paletteFile([1, 0, 16], [0, 1, 0x1234], [0]));
    const px = await decodeStoredPixels(wide, 'test');
    expect([...toRgb(px.data, px.info, wide, 'test')]).toEqual([0x12, 0x12, 0x12]);
  });
});

describe('segmented palette LUT: malformed data is a DICOM_PARSE error', () => {
  const fails = (units: number[], entries: number, message: RegExp) => {
    const run = () => expandSegments(units, 2, entries, 'test');
    expect(run).toThrow(RuntimeError);
    expect(run).toThrow(expect.objectContaining({ code: 'DICOM_PARSE', message: expect.stringMatching(message) }));
  };

  it('unknown opcodes and segments running past the data', () => {
    fails([3, 1, 5], 1, /unknown segment opcode 3 at byte 0/);
    fails([0, 1, 5, 7], 2, /unknown segment opcode 7 at byte 6/);
    fails([0, 5, 1, 2], 5, /segment at byte 0 \(opcode 0\) runs past the end of the data \(8 bytes\)/);
    fails([0, 1, 5, 1, 2], 3, /segment at byte 6 \(opcode 1\) runs past the end/);
    fails([0, 1, 5, 2, 1, 0], 2, /segment at byte 6 \(opcode 2\) runs past the end/);
    fails([0, 1, 5, 0], 1, /runs past the end/);
  });

  it('a linear segment first has no previous entry to start from', () => {
    fails([1, 2, 10], 2, /linear segment at byte 0 comes first/);
  });

  it('indirect segments pointing outside, into a segment, at an odd byte, past the last segment', () => {
    fails([0, 1, 5, 2, 1, 200, 0], 2, /indirect segment at byte 6 points to byte 200, which does not start a segment/);
    fails([0, 2, 5, 6, 2, 1, 2, 0], 3, /points to byte 2, which does not start a segment/);
    fails([0, 1, 5, 2, 1, 1, 0], 2, /points to byte 1, which/);
    fails([0, 1, 5, 0, 1, 6, 2, 5, 0, 0], 4, /indirect segment at byte 12 copies 5 segments from byte 0, past the last segment/);
  });

  it('indirect segments copying themselves or another indirect segment (C.7.9.2.3)', () => {
    fails([0, 1, 5, 2, 1, 6, 0], 2, /indirect segment at byte 6 copies the indirect segment at byte 6/);
    fails([0, 1, 5, 2, 2, 0, 0], 3, /indirect segment at byte 6 copies the indirect segment at byte 6/);
    fails([0, 1, 5, 2, 1, 0, 0, 2, 1, 6, 0], 3, /indirect segment at byte 14 copies the indirect segment at byte 6/);
  });

  it('an expansion longer or shorter than the descriptor says', () => {
    fails([0, 3, 1, 2, 3], 2, /segment at byte 0 expands past the descriptor's 2 entries/);
    fails([0, 1, 0, 1, 10, 5], 5, /segment at byte 6 expands past the descriptor's 5 entries/);
    fails([0, 1, 5, 0, 2, 1, 2, 2, 2, 0, 0], 5, /segment at byte 6 \(copied by the indirect segment at byte 14\) expands past the descriptor's 5 entries/);
    fails([0, 2, 1, 2], 3, /the segments expand to 2 entries, the descriptor says 3/);
    fails([], 1, /expand to 0 entries/);
  });

  it('indirect segments copying empty segments over and over stop early', () => {
    // discrete [5], 100 empty discrete segments (bytes 6..405), 100 indirects each copying all 100.
    const units = [0, 1, 5, ...Array.from({ length: 100 }, () => [0, 0]).flat(), ...Array.from({ length: 100 }, () => [2, 100, 6, 0]).flat()];
    fails(units, 1, /more than 202 segment runs/);
  });

  it('bits per entry other than 8 or 16, and a palette with no LUT data at all', async () => {
    const ds = parseDicom(paletteFile([1, 0, 12], [0, 1, 5], [0]));
    expect(() => readSegmentedLut(ds, 'x00281101', 'x00281221', 'f')).toThrow(expect.objectContaining({ code: 'DICOM_PARSE', message: expect.stringMatching(/\(0028,1221\).*12 bits per entry/) }));
    const none = parseDicom(paletteFile([1, 0, 16], [0, 1, 5], [0], 0x1231));
    const { info, data } = await decodeStoredPixels(none, 'f');
    expect(() => toRgb(data, info, none, 'f')).toThrow(expect.objectContaining({ code: 'DICOM_PARSE', message: expect.stringMatching(/PALETTE COLOR without/) }));
  });

  it('random segment data ends in a full LUT or a DICOM_PARSE error, quickly', () => {
    let seed = 20261128;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const units = Array.from({ length: 1 + rand(40) }, () => (rand(3) ? rand(4) : rand(65536)));
      const [unitBytes, entries] = [rand(2) ? 2 : 1, 1 + rand(64)] as const;
      try {
        expect(expandSegments(unitBytes === 1 ? units.map((u) => u & 0xff) : units, unitBytes, entries, 'fuzz').length).toBe(entries);
      } catch (e) {
        expect(e).toMatchObject({ name: 'RuntimeError', code: 'DICOM_PARSE' });
      }
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
