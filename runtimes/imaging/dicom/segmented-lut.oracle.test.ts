import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toRgb } from './colour';
import { decodeStoredPixels } from './decode';
import { syntheticDicom, type SyntheticWords } from './fixtures';
import { readLut } from './lut';
import { needTools } from './oracle-support';
import { parseDicom } from './parse';
import { readSegmentedLut } from './segmented-lut';

/**
 * GDCM as the oracle for segmented palettes: `gdcmconv --decompress-lut` expands the Segmented
 * Palette Color LUT Data into plain LUT Data, which our plain path (readLut) reads back;
 * `gdcmconv --apply-lut` renders 16-bit RGB. GDCM expands segmented LUTs only when Bits
 * Allocated is 16 and, for 16-bit pixels, only LUTs of 65536 entries or not of 256 (its
 * IncompleteLUT check), hence 16-bit pixels and 300 or 65536 entries here.
 *
 * One known deviation: GDCM's linear segment gives y0 + (y1 - y0) * i / n for i = 0..n-1,
 * repeating the previous entry and stopping one step short of y1; C.7.9.2.2 draws the line
 * from the previous segment's end (x0, y0) to (x0 + n, y1), i.e. i = 1..n, ending on y1 (as
 * pydicom and highdicom do). Tables with linear segments are checked against GDCM shifted by
 * one entry on those segments, each after a discrete one so both start from the same y0.
 */
const GDCM = needTools('gdcmconv');
const CHANNELS = [0, 1, 2].map((c) => [`x0028110${1 + c}`, `x0028120${1 + c}`, `x0028122${1 + c}`]);

/** A 16x16 PALETTE COLOR image of the values 0..255 with segmented red, green and blue LUTs. */
function segmentedFile(entries: number, segments: number[][]): Uint8Array {
  const words: SyntheticWords[] = segments.flatMap((data, c) => [
    { group: 0x28, element: 0x1101 + c, vr: 'US' as const, values: [entries % 65536, 0, 16] },
    { group: 0x28, element: 0x1221 + c, vr: 'OW' as const, values: data },
  ]);
  return syntheticDicom({ rows: 16, cols: 16, bitsAllocated: 16, photometric: 'PALETTE COLOR', pixels: Array.from({ length: 256 }, (_, i) => i), words });
}

function gdcmconv(flag: string, bytes: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'gdcm-lut-'));
  try {
    writeFileSync(join(dir, 'in.dcm'), bytes);
    execFileSync('gdcmconv', [flag, join(dir, 'in.dcm'), join(dir, 'out.dcm')], { stdio: 'ignore', timeout: 30_000 });
    return new Uint8Array(readFileSync(join(dir, 'out.dcm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our LUTs of the segmented file, and ours of GDCM's plain (linearised) one. */
function bothLuts(segmented: Uint8Array) {
  const [ds, plain] = [parseDicom(segmented), parseDicom(gdcmconv('--decompress-lut', segmented))];
  for (const [d, t, s] of CHANNELS) expect([!!ds.elements[t], !!ds.elements[s], !!plain.elements[t], !!plain.elements[s], plain.uint16(d, 0)]).toEqual([false, true, true, false, ds.uint16(d, 0)]);
  return CHANNELS.map(([d, t, s]) => ({ ours: readSegmentedLut(ds, d, s, 'segmented')!.data, gdcm: readLut(plain, d, t, false, 'gdcm')!.data }));
}

async function rgb(bytes: Uint8Array): Promise<number[]> {
  const ds = parseDicom(bytes);
  const { info, data } = await decodeStoredPixels(ds, 'rgb');
  return [...(info.photometric === 'RGB' ? data.map((v) => v >> 8) : toRgb(data, info, ds, 'rgb'))];
}

const ramp = (n: number, step: number) => Array.from({ length: n }, (_, i) => (i * step) % 65536);

describe(GDCM.title('segmented palette LUTs against GDCM'), () => {
  it.skipIf(!GDCM.ok)('discrete and indirect segments (forward and backward): same LUTs and RGB as GDCM', async () => {
    const red = [
      ...[0, 4, 0, 1000, 2000, 3000], // byte 0
      ...[2, 1, 26, 0], // byte 12: copies the segment at byte 26, further on
      ...[0, 1, 65535], // byte 20
      ...[0, 2, 500, 400], // byte 26
      ...[2, 2, 20, 0], // byte 34: copies bytes 20 and 26 again
      ...[0, 288, ...ramp(288, 211)],
    ];
    const green = [0, 300, ...ramp(300, 97)];
    const blue = [0, 150, ...ramp(150, 433), 2, 1, 0, 0];
    const file = segmentedFile(300, [red, green, blue]);
    for (const { ours, gdcm } of bothLuts(file)) expect(ours).toEqual(gdcm);
    const ours = await rgb(file);
    expect(ours).toEqual(await rgb(gdcmconv('--decompress-lut', file)));
    expect(ours).toEqual(await rgb(gdcmconv('--apply-lut', file)));
    expect(new Set(ours).size).toBeGreaterThan(100);
  });

  it.skipIf(!GDCM.ok)('linear segments, copied ones too, and 65536 entries: GDCM shifted by one entry on each linear run', () => {
    const cases: { entries: number; segments: number[][]; linear: [start: number, n: number, y1: number][][] }[] = [
      {
        entries: 300,
        segments: [
          [0, 1, 3000, 1, 100, 65535, 0, 1, 100, 2, 1, 6, 0, 0, 1, 7, 1, 97, 9], // the indirect copies the linear at byte 6
          [0, 1, 0, 1, 299, 65535],
          [0, 2, 5, 6, 1, 298, 40000],
        ],
        linear: [[[1, 100, 65535], [102, 100, 65535], [203, 97, 9]], [[1, 299, 65535]], [[2, 298, 40000]]],
      },
      {
        entries: 65536,
        segments: [[0, 1, 0, 1, 65535, 65535], [0, 1, 65535, 1, 65535, 0], [0, 1, 1000, 1, 65535, 1001]],
        linear: [[[1, 65535, 65535]], [[1, 65535, 0]], [[1, 65535, 1001]]],
      },
    ];
    for (const { entries, segments, linear } of cases) {
      bothLuts(segmentedFile(entries, segments)).forEach(({ ours, gdcm }, c) => {
        expect(gdcm.length).toBe(entries);
        const expected = Uint16Array.from(gdcm);
        for (const [start, n, y1] of linear[c]) {
          expect(gdcm[start], 'GDCM repeats the previous entry').toBe(gdcm[start - 1]);
          expected.copyWithin(start, start + 1, start + n);
          expected[start + n - 1] = y1;
        }
        expect(ours).toEqual(expected);
      });
    }
  });
});
