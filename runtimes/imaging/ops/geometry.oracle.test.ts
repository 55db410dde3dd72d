import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Geometry, VolumeValue } from '../../core/values';
import { subGeometry, type Vec3 } from '../geometry';
import { kernel as reorientKernel } from '../kernels/pre.reorient.kernel';
import { kernel as resampleKernel } from '../kernels/pre.resample.kernel';
import { testContext } from '../kernels/testing';
import { readNifti, writeNifti } from '../nifti';
import { corpusPath, needAll, needFiles, needPython, PYTHON } from '../../../test/needs';
import { cropPad } from './crop-pad';

/**
 * pre.reorient and pre.resample against an independent implementation: nibabel's as_reoriented
 * and scipy.ndimage.affine_transform (geometry-oracle.py, Debian's python3-nibabel/-scipy), on
 * variants of the shared real T1 (LIA, 256^3 uint8): tilted, cropped, stored as int16/float32.
 */
const T1 = corpusPath('models/t1_crop_256_uint8.nii.gz');
const ORACLE = fileURLToPath(new URL('./geometry-oracle.py', import.meta.url));
const NEED = needAll(needFiles(T1), needPython('nibabel', 'scipy'));

const dir = mkdtempSync(join(tmpdir(), 'geometry-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `g` rotated by `deg` degrees about `axis` (world, through the origin point): an oblique scan. */
function tilted(g: Geometry, axis: Vec3, deg: number): Geometry {
  const n = Math.hypot(...axis), [x, y, z] = axis.map((v) => v / n), t = (deg * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  const r = [c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s, y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s, z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c)];
  const d = [0, 1, 2].flatMap((col) => [0, 1, 2].map((row) => r[row * 3] * g.direction[col * 3] + r[row * 3 + 1] * g.direction[col * 3 + 1] + r[row * 3 + 2] * g.direction[col * 3 + 2]));
  return { ...g, direction: d as Geometry['direction'] };
}

function oracle(job: Record<string, unknown>, files: Record<string, VolumeValue>): VolumeValue {
  const paths: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) writeFileSync((paths[k] = join(dir, `${k}.nii`)), writeNifti(v, { gzip: false }));
  const out = join(dir, 'oracle.nii');
  execFileSync(PYTHON, [ORACLE], { input: JSON.stringify({ ...job, ...paths, out }), timeout: 120_000 });
  return readNifti(new Uint8Array(readFileSync(out)));
}
/** Ours through a NIfTI round trip, so both sides carry the same float32 affine. */
const stored = (v: VolumeValue) => readNifti(writeNifti(v, { gzip: false }));

function expectSameGeometry(a: Geometry, b: Geometry) {
  expect(a.dims).toEqual(b.dims);
  [...a.spacing, ...a.origin, ...a.direction].forEach((v, i) => expect(v).toBeCloseTo([...b.spacing, ...b.origin, ...b.direction][i], 3));
}

describe.runIf(NEED.ok)(NEED.title('geometry nodes vs nibabel/scipy'), () => {
  const t1 = () => readNifti(new Uint8Array(readFileSync(T1)));
  /**
   * A 95^3 centre crop of the T1, tilted 12 degrees about an oblique axis, stored as `dtype`.
   * Odd, so no new voxel centre on the grids below falls exactly between two old ones (where
   * nearest may round either way).
   */
  function cropped(dtype: 'uint8' | 'int16' | 'float32'): VolumeValue {
    const src = t1();
    const box: Vec3 = [95, 95, 95], at: Vec3 = [80, 80, 80];
    const data = cropPad(src.data, src.geometry.dims, at, box, 0);
    const typed = dtype === 'uint8' ? data : dtype === 'int16' ? Int16Array.from(data, (v) => v * 8 - 300) : Float32Array.from(data, (v) => v / 7.3);
    return { type: 'volume', dtype, geometry: tilted(subGeometry(src.geometry, at, box), [1, 2, 0.5], 12), data: typed };
  }

  it.each(['RAS', 'LPS', 'SPR', 'AIL'])('reorients the LIA T1 to %s exactly as nibabel', async (code) => {
    const src = t1();
    const { volume } = (await reorientKernel.run({ params: { orientation: code }, inputs: { volume: src }, ctx: testContext().ctx, node: { id: 'r', kind: 'pre.reorient', version: 1, params: {} } })) as { volume: VolumeValue };
    const want = oracle({ op: 'reorient', code }, { src });
    const got = stored(volume);
    expectSameGeometry(got.geometry, want.geometry);
    expect(Buffer.from(got.data.buffer).equals(Buffer.from(want.data.buffer))).toBe(true);
  });

  it('reorients a tilted int16 crop to RAS as nibabel (nearest axis-aligned code, still oblique)', async () => {
    const src = cropped('int16');
    const { volume } = (await reorientKernel.run({ params: { orientation: 'RAS' }, inputs: { volume: src }, ctx: testContext().ctx, node: { id: 'r', kind: 'pre.reorient', version: 1, params: {} } })) as { volume: VolumeValue };
    const want = oracle({ op: 'reorient', code: 'RAS' }, { src });
    expectSameGeometry(stored(volume).geometry, want.geometry);
    expect(Array.from(volume.data)).toEqual(Array.from(want.data));
  });

  const cases = [
    { name: 'uint8 to 0.8 mm, linear', dtype: 'uint8', params: { target: 'spacing', spacing: [0.8, 0.8, 0.8], interpolation: 'linear' } },
    { name: 'int16 to 1.5 mm, cubic', dtype: 'int16', params: { target: 'spacing', spacing: [1.5, 1.5, 1.5], interpolation: 'cubic' } },
    { name: 'float32 to 70x90x60, nearest', dtype: 'float32', params: { target: 'shape', shape: [70, 90, 60], interpolation: 'nearest' } },
    { name: 'uint8 onto a grid tilted 20 degrees the other way at 1.2 mm, linear', dtype: 'uint8', params: { target: 'reference', interpolation: 'linear', padValue: -5 } },
    { name: 'float32 onto that tilted grid, cubic', dtype: 'float32', params: { target: 'reference', interpolation: 'cubic', padValue: -5 } },
  ] as const;

  it.each(cases)('resamples a tilted crop, $name, as scipy', async ({ dtype, params }) => {
    const src = cropped(dtype);
    const full = { spacing: [1, 1, 1], shape: [1, 1, 1], padValue: 0, ...params };
    const refGeometry = tilted({ ...src.geometry, dims: [80, 70, 90], spacing: [1.2, 1.2, 1.2] }, [0, 1, 1], -20);
    const reference: VolumeValue = { type: 'volume', dtype: 'uint8', geometry: refGeometry, data: new Uint8Array(80 * 70 * 90) };
    const inputs: Record<string, VolumeValue> = full.target === 'reference' ? { volume: src, reference } : { volume: src };
    const { volume } = (await resampleKernel.run({ params: full as never, inputs, ctx: testContext().ctx, node: { id: 'r', kind: 'pre.resample', version: 1, params: {} } })) as { volume: VolumeValue };
    const order = { nearest: 0, linear: 1, cubic: 3 }[full.interpolation];
    const grid: VolumeValue = { ...volume, data: new Uint8Array(volume.data.length), dtype: 'uint8' };
    const want = oracle({ op: 'resample', order, pad: full.padValue }, { src: stored(src), grid: stored(grid) });
    const got = stored(volume);
    expectSameGeometry(got.geometry, want.geometry);
    let worst = 0, unequal = 0, padded = 0;
    for (let i = 0; i < got.data.length; i++) {
      const d = Math.abs(got.data[i] - want.data[i]);
      worst = Math.max(worst, d);
      if (d > 0) unequal++;
      if (want.data[i] === full.padValue) padded++;
    }
    const range = dtype === 'int16' ? 2040 : dtype === 'float32' ? 35 : 255;
    if (order === 0) expect(unequal / got.data.length).toBeLessThan(1e-4); // float32 affines may tip a near-tie
    else expect(worst / range).toBeLessThan(order === 1 ? 1e-4 : 2e-3);
    expect(padded).toBeLessThan(got.data.length); // the grids overlap: not all padding
  });
});
