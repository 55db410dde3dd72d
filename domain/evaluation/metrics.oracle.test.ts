import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath, needAll, needFiles, needPython, PYTHON } from '../../test/needs';
import { labelMetrics, type LabelGrid, type LabelMetrics, TOLERANCE_SLACK } from './metrics';

/**
 * labelMetrics against an independent implementation (metrics-oracle.py): scipy.ndimage
 * binary_erosion (6-connected, border_value=0) for the surfaces, distance_transform_edt with
 * sampling=spacing on the whole grid (no cropping) for the distances, numpy.percentile for HD95.
 * Counts and ratios of counts must be equal; distances agree to 1e-6 relative.
 */
const T1 = corpusPath('models/t1_crop_256_uint8.nii.gz');
const ORACLE = fileURLToPath(new URL('./metrics-oracle.py', import.meta.url));
const NEED = needAll(needFiles(T1), needPython('scipy', 'numpy'));
const dir = mkdtempSync(join(tmpdir(), 'metrics-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type V3 = [number, number, number];
interface Case { name: string; pred: Uint8Array; ref: Uint8Array; dims: V3; spacing: V3; labels: number[]; tol: number }

function oracle(cases: Case[]): Record<string, number | null>[][] {
  const job = cases.map((c, n) => {
    const pred = join(dir, `${n}-pred.raw`), ref = join(dir, `${n}-ref.raw`);
    writeFileSync(pred, c.pred);
    writeFileSync(ref, c.ref);
    return { pred, ref, dims: c.dims, spacing: c.spacing, labels: c.labels, tol: c.tol };
  });
  const out = execFileSync(PYTHON, [ORACLE], { input: JSON.stringify({ tolerance_slack: TOLERANCE_SLACK, cases: job }), timeout: 240_000, maxBuffer: 1 << 24 });
  return JSON.parse(out.toString());
}

const EXACT = ['label', 'predVoxels', 'refVoxels', 'predSurfaceVoxels', 'refSurfaceVoxels', 'dice', 'surfaceDice'] as const;
const CLOSE = ['hd95Mm', 'assdMm', 'volumePredMl', 'volumeRefMl'] as const;

function compare(c: Case, want: Record<string, number | null>[]) {
  const grid = (data: Uint8Array): LabelGrid => ({ data, dims: c.dims, spacing: c.spacing });
  const got = labelMetrics(grid(c.pred), grid(c.ref), c.labels, { toleranceMm: c.tol });
  got.forEach((m: LabelMetrics, n) => {
    const w = want[n], where = `${c.name}, label ${m.label}`;
    for (const key of EXACT) expect(m[key], `${where}: ${key}`).toBe(w[key]);
    for (const key of CLOSE) {
      const a = m[key], b = w[key];
      if (b === null) expect(a, `${where}: ${key}`).toBeNull();
      else expect(Math.abs(a! - b), `${where}: ${key} ${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * Math.abs(b));
    }
  });
  return got;
}

/** Test data only: a seeded LCG. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Ellipsoids (centre and radii in voxels) painted with their labels in order. */
function ellipsoids(dims: V3, shapes: { c: V3; r: V3; label: number }[]): Uint8Array {
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
    for (const { c, r, label } of shapes) {
      if (((i - c[0]) / r[0]) ** 2 + ((j - c[1]) / r[1]) ** 2 + ((k - c[2]) / r[2]) ** 2 <= 1) out[v] = label;
    }
  }
  return out;
}

function syntheticCases(): Case[] {
  const rand = lcg(2026);
  const dims: V3 = [37, 29, 23];
  const ref = ellipsoids(dims, [{ c: [12, 14, 11], r: [9, 8, 6], label: 1 }, { c: [26, 12, 12], r: [7, 9, 5], label: 2 }, { c: [20, 22, 6], r: [5, 4, 3], label: 3 }]);
  // the prediction: shifted and resized shapes, speckles of each label far from the structures,
  // label 5 only in the prediction, label 4 in neither
  const pred = ellipsoids(dims, [{ c: [13, 14, 10], r: [10, 7, 6], label: 1 }, { c: [25, 13, 12], r: [7, 8, 6], label: 2 }, { c: [21, 22, 7], r: [4, 4, 3], label: 3 }]);
  for (let n = 0; n < 40; n++) pred[Math.floor(rand() * pred.length)] = 1 + Math.floor(rand() * 3);
  pred[5] = 5;
  const salt = (p: number) => Uint8Array.from({ length: 24 * 31 * 19 }, () => (rand() < p ? 1 : 0));
  const corner = [24, 20, 12] as V3;
  return [
    { name: 'ellipsoids and speckles', pred, ref, dims, spacing: [0.8, 1.25, 2.5], labels: [1, 2, 3, 4, 5], tol: 1 },
    { name: 'same, 2.5 mm tolerance', pred, ref, dims, spacing: [0.8, 1.25, 2.5], labels: [1, 2, 3], tol: 2.5 },
    { name: 'salt noise', pred: salt(0.3), ref: salt(0.25), dims: [24, 31, 19], spacing: [1.7, 0.6, 1.1], labels: [1], tol: 1.1 },
    {
      name: 'balls cut by the grid border', dims: corner, spacing: [0.5, 0.5, 3], labels: [1], tol: 1,
      pred: ellipsoids(corner, [{ c: [2, 3, 1], r: [14, 12, 4], label: 1 }]), ref: ellipsoids(corner, [{ c: [0, 0, 0], r: [15, 13, 4], label: 1 }]),
    },
  ];
}

/** The shared T1 (NIfTI-1, uint8, 256^3) read with node:zlib: thresholded at two intensities. */
function t1Masks(): { above80: Uint8Array; above90: Uint8Array; dims: V3 } {
  const file = gunzipSync(readFileSync(T1));
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const dims: V3 = [view.getInt16(42, true), view.getInt16(44, true), view.getInt16(46, true)];
  expect([view.getInt16(70, true), ...dims]).toEqual([2, 256, 256, 256]); // DT_UINT8
  const offset = Math.max(352, view.getFloat32(108, true));
  const voxels = file.subarray(offset, offset + dims[0] * dims[1] * dims[2]);
  return { above80: voxels.map((v) => (v > 80 ? 1 : 0)), above90: voxels.map((v) => (v > 90 ? 1 : 0)), dims };
}

describe.runIf(NEED.ok)(NEED.title('segmentation metrics vs scipy.ndimage + numpy'), () => {
  it('synthetic masks: ellipsoids, speckles, salt noise, shapes cut by the border, empty labels', () => {
    const cases = syntheticCases();
    const want = oracle(cases);
    const got = cases.map((c, n) => compare(c, want[n]));
    // the cases cover what they claim: some undefined distances, some non-trivial HD95
    expect(got.flat().some((m) => m.hd95Mm === null && m.refEmpty && !m.predEmpty)).toBe(true);
    expect(got.flat().some((m) => m.refEmpty && m.predEmpty)).toBe(true);
    expect(got.flat().filter((m) => m.hd95Mm !== null && m.hd95Mm > 1).length).toBeGreaterThan(3);
  });

  it('the real T1 thresholded at 80 and at 90 (256^3), at 1 mm and with anisotropic voxels', () => {
    const { above80, above90, dims } = t1Masks();
    const cases: Case[] = [
      { name: 'T1 >80 vs >90, 1 mm', pred: above80, ref: above90, dims, spacing: [1, 1, 1], labels: [1], tol: 1 },
      { name: 'T1 >80 vs >90, 0.9 x 1.1 x 1.4 mm', pred: above80, ref: above90, dims, spacing: [0.9, 1.1, 1.4], labels: [1], tol: 2 },
    ];
    const want = oracle(cases);
    const [iso] = compare(cases[0], want[0]);
    compare(cases[1], want[1]);
    expect(iso.dice).toBeGreaterThan(0.8);
    expect(iso.dice).toBeLessThan(1);
    expect(iso.hd95Mm).toBeGreaterThan(0);
  });
});
