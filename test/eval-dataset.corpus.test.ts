import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { readNifti } from '../runtimes/imaging/nifti';
import { voxelToWorld, worldToVoxel, type Vec3 } from '../runtimes/imaging/geometry';
import { buildBrainDataset, buildPhantomDataset, permuteAxes, REFERENCE_MODEL } from './eval-dataset';
import { corpusT1 } from './material';
import { needFiles } from './needs';

const need = needFiles(corpusT1, REFERENCE_MODEL);
const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'eval-ds-'));
  dirs.push(d);
  return d;
};
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('evaluation datasets (test/eval-dataset.ts)', () => {
  it('permuteAxes keeps the world content: every voxel of the copy holds the value at its world point in the original', () => {
    const g = { dims: [5, 4, 3] as Vec3, spacing: [1, 2, 3] as Vec3, origin: [10, -4, 7] as Vec3, direction: [0, 1, 0, -1, 0, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    const data = Uint8Array.from({ length: 60 }, (_, i) => i);
    const p = permuteAxes(g, data, [2, 0, 1], [false, true, true]);
    expect(p.geometry.dims).toEqual([3, 5, 4]);
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 5; j++)
        for (let i = 0; i < 3; i++) {
          const o = worldToVoxel(g, voxelToWorld(p.geometry, [i, j, k])).map(Math.round);
          expect(p.data[i + 3 * (j + 5 * k)]).toBe(data[o[0] + 5 * (o[1] + 4 * o[2])]);
        }
  });

  it('phantom: image and exact truth on one grid, zipped', async () => {
    const ds = await buildPhantomDataset(await tmp(), 32);
    const entries = unzipSync(new Uint8Array(await readFile(ds.zipPath)));
    expect(Object.keys(entries).sort()).toEqual(['phantom-dataset/phantom.nii.gz', 'phantom-dataset/phantom_seg.nii.gz']);
    const [image, truth] = [readNifti(await readFile(ds.cases[0].image)), readNifti(await readFile(ds.cases[0].reference))];
    expect(truth.geometry).toEqual(image.geometry);
    expect(Object.keys(ds.cases[0].counts).sort()).toEqual(['0', '1', '2', '3', '4']);
  });

  it.skipIf(!need.ok)(need.title('T1: reference labels of the large model match the shared README counts; variants carry the same counts'), async () => {
    const ds = await buildBrainDataset(await tmp());
    expect(ds.cases.map((c) => c.key)).toEqual(['t1', 't1-zxy-flip-y', 't1-flip-xz']);
    for (const c of ds.cases) expect(c.counts).toEqual({ 0: 15581178, 1: 474570, 2: 721468 });
    const [orig, variant] = [readNifti(await readFile(ds.cases[0].reference)), readNifti(await readFile(ds.cases[1].reference))];
    // A voxel of the variant and the world point it names in the original hold the same label.
    for (const ijk of [[10, 200, 128], [128, 128, 128], [255, 3, 77]] as Vec3[]) {
      const o = worldToVoxel(orig.geometry, voxelToWorld(variant.geometry, ijk)).map(Math.round);
      const [vx, vy] = variant.geometry.dims;
      expect(variant.data[ijk[0] + vx * (ijk[1] + vy * ijk[2])]).toBe(orig.data[o[0] + 256 * (o[1] + 256 * o[2])]);
    }
  });
});
