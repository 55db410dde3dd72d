import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath, needAll, needFiles, needPython, PYTHON } from '../../../test/needs';
import type { Vec3 } from '../geometry';
import { readNifti } from '../nifti';
import { pruneComponents } from './components';
import { cropPad } from './crop-pad';
import { ball, morphology, type MorphologyOp } from './morphology';

/**
 * post.morphology and post.components against scipy.ndimage (morphology-oracle.py) on a real
 * binary mask: the shared T1 thresholded in a 64^3 box, with anisotropic voxels (1 x 1 x 2 mm)
 * so radii in mm become different voxel radii per axis.
 */
const T1 = corpusPath('models/t1_crop_256_uint8.nii.gz');
const ORACLE = fileURLToPath(new URL('./morphology-oracle.py', import.meta.url));
const NEED = needAll(needFiles(T1), needPython('scipy', 'numpy'));
const dir = mkdtempSync(join(tmpdir(), 'morphology-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dims: Vec3 = [64, 64, 64];
const spacing: Vec3 = [1, 1, 2];

function oracle(mask: Uint8Array, job: Record<string, unknown>): Uint8Array {
  const src = join(dir, 'in.raw'), out = join(dir, 'out.raw');
  writeFileSync(src, mask);
  execFileSync(PYTHON, [ORACLE], { input: JSON.stringify({ src, out, dims, spacing, ...job }), timeout: 120_000 });
  return new Uint8Array(readFileSync(out));
}

const differing = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

describe.runIf(NEED.ok)(NEED.title('morphology and components vs scipy.ndimage'), () => {
  const mask = () => {
    const t1 = readNifti(new Uint8Array(readFileSync(T1)));
    const box = cropPad(t1.data, t1.geometry.dims, [96, 96, 96], dims, 0);
    return Uint8Array.from(box, (v) => (v > 90 ? 1 : 0));
  };

  it.each([
    ['dilate', 1.5], ['erode', 1.5], ['open', 2], ['close', 2], ['dilate', 3], ['fill-holes', 0],
  ] as [MorphologyOp, number][])('%s with a %s mm ball gives scipy\'s voxels exactly', (op, radius) => {
    const m = mask();
    const ours = morphology(m, dims, op, ball(radius, spacing));
    const want = oracle(m, { op, radius });
    expect(differing(ours, want)).toBe(0);
    expect(differing(ours, m)).toBeGreaterThan(0); // the operation did something on this mask
  });

  it.each([6, 26] as const)('keeps the largest %s-connected component and drops small ones as scipy.ndimage.label finds them', (connectivity) => {
    const m = mask();
    const largest = pruneComponents(m, dims, { connectivity, keepLargest: true, minVoxels: 0 });
    expect(differing(largest, oracle(m, { op: 'largest', connectivity }))).toBe(0);
    const noSpecks = pruneComponents(m, dims, { connectivity, keepLargest: false, minVoxels: 20 });
    expect(differing(noSpecks, oracle(m, { op: 'min-voxels', connectivity, min: 20 }))).toBe(0);
    expect(differing(largest, m)).toBeGreaterThan(0);
  });
});
