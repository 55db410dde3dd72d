import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticDicom, type SyntheticSlice } from '../imaging/dicom/fixtures';
import { layoutSlices } from '../imaging/dicom/slices';
import { readHead, type FileHead } from './dicom-file-heads';
import { EarlyFill } from './early-fill';

const dir = mkdtempSync(path.join(tmpdir(), 'early-fill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

/** Slices at `zs` (file order), 4x3 int16 values z*100 + i, intercept -1024. */
function open(zs: number[], o: (z: number) => SyntheticSlice = () => ({})) {
  return zs.map((z) => {
    const file = path.join(dir, `${seq++}.dcm`);
    writeFileSync(file, syntheticDicom({ rows: 3, cols: 4, position: [5, -3, z], orientation: [1, 0, 0, 0, 1, 0], signed: true, intercept: -1024, pixels: Array.from({ length: 12 }, (_, i) => z * 100 + i), ...o(z) }));
    const fd = openSync(file, 'r');
    return { fd, head: readHead(fd, file)! };
  });
}

/** The header pass's order of events: first and last file, then the rest in file order. */
async function early(files: { fd: number; head: FileHead }[], parallelFrom?: number) {
  const n = files.length;
  const e = EarlyFill.start(files[0].head, files[n - 1].head, n, undefined, parallelFrom);
  if (!e) return undefined;
  for (const i of [0, n - 1, ...files.keys()].filter((i, j, all) => all.indexOf(i) === j)) e.add(i, files[i].head, files[i].fd);
  const layout = layoutSlices(files.map((f) => f.head.inst));
  const order = layout.slices.map((inst) => files.findIndex((f) => f.head.inst === inst));
  const r = await e.finish(order);
  files.forEach((f) => closeSync(f.fd));
  return r && { done: r.done, values: new Int16Array(r.buffer, 0, n * 12), order };
}

/** Slot k holds file order[k]'s values (z*100 + i - 1024) wherever done[k]. */
function checkDone(r: NonNullable<Awaited<ReturnType<typeof early>>>, zs: number[]) {
  r.done.forEach((d, k) => {
    if (d) expect(Array.from(r.values.subarray(k * 12, k * 12 + 12))).toEqual(Array.from({ length: 12 }, (_, i) => zs[r.order[k]] * 100 + i - 1024));
  });
}

describe('EarlyFill: CT slices read to their predicted slot during the header pass', () => {
  it('slices in order either way round (also with a lower step) land in place at once', async () => {
    for (const zs of [[0, 1, 2, 3, 4, 5], [10, 8, 6, 4, 2, 0], [-2.5, -1.25, 0, 1.25]]) {
      for (const parallelFrom of [undefined, 0]) {
        const r = (await early(open(zs), parallelFrom))!;
        expect(r.done).toEqual(zs.map(() => true));
        checkDone(r, zs);
      }
    }
  });

  it('a missing slice, swapped ends or a shuffled order: only the slots predicted right count as done', async () => {
    // a gap: the step from the ends is 7/6, so z = 2, 4, 5 fall off the grid (z = 1 and 6 still round to their slot)
    const gap = (await early(open([0, 1, 2, 4, 5, 6, 7]), 0))!;
    expect(gap.done).toEqual([true, true, false, false, false, true, true]);
    checkDone(gap, [0, 1, 2, 4, 5, 6, 7]);
    // the ends are not the extremes: the predicted extent is too short and some slots collide
    const zs = [1, 3, 0, 4, 2];
    const shuffled = (await early(open(zs), 0))!;
    expect(shuffled.done.filter(Boolean).length).toBeLessThan(5);
    checkDone(shuffled, zs);
    // two slices swapped in the middle: still right where they went
    const swapped = (await early(open([0, 1, 4, 3, 2, 5]), 0))!;
    expect(swapped.done).toEqual([true, true, true, true, true, true]);
  });

  it('a slice the queue cannot take (uint16) is left for afterwards; a uint16 or other-size end means no early reads', async () => {
    const zs = [0, 1, 2, 3];
    const r = (await early(open(zs, (z) => (z === 2 ? { signed: false } : {}))))!;
    expect(r.done).toEqual([true, true, false, true]);
    expect(await early(open(zs, (z) => (z === 3 ? { signed: false } : {})))).toBeUndefined();
    expect(await early(open(zs, (z) => (z === 0 ? { rows: 4, pixels: Array.from({ length: 16 }, (_, i) => i) } : {})))).toBeUndefined();
  });

  it('an int16 overflow in an early slice fails it (the in-memory reader redoes the series)', async () => {
    expect(await early(open([0, 1, 2], (z) => (z === 1 ? { intercept: -32000, pixels: Array.from({ length: 12 }, () => -2000) } : {})), 0)).toBeNull();
  });
});
