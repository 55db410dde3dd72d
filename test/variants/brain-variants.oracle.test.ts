import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineGraphSchema } from '../../domain/graph/schema';
import type { Geometry, VolumeValue } from '../../runtimes/core/values';
import { worldToVoxel, voxelToWorld } from '../../runtimes/imaging/geometry';
import { readDicomSeriesAsync } from '../../runtimes/imaging/dicom/series-async';
import { readNifti } from '../../runtimes/imaging/nifti';
import { createServerRuntime } from '../../runtimes/server';
import { CORPUS, REPO } from '../conformance/cases';
import { runInMemory } from '../conformance/run-in-memory';
import { needAll, needFiles, needPython, PYTHON } from '../needs';

/**
 * The brain pipeline (examples/pipelines/brain-gwm-256.json: conform, MeshNet, labels back on
 * the scan's grid) on the shared T1 and on variants of it made by nibabel/scipy
 * (make-variants.py): permuted to RAS, cropped, int16; tilted, 1.3 mm, float32; an axial DICOM MR
 * series written by pydicom (a SEG must be written for it, none for NIfTI). Each result must
 * sit on its input's grid, and agree with the original's labels in world space (Dice per label).
 */
const T1 = path.join(CORPUS, 'models/t1_crop_256_uint8.nii.gz');
const MODEL = path.join(CORPUS, 'models/niivue_meshnet_gwm_256.onnx');
const NEED = needAll(needFiles(T1, MODEL), needPython('nibabel', 'scipy', 'pydicom'));

/**
 * Lowest Dice per variant: a permuted and cropped copy, or the same voxels as a DICOM series,
 * holds the T1's voxels (conform lands on them: only the intensity percentiles of a crop
 * differ); a resampled, tilted copy has lost
 * detail to two interpolations and is compared on its coarser grid.
 */
const FLOOR: Record<string, number> = { 'ras-int16-197x233x189': 0.98, 'dicom-mr-lps': 0.98, 'tilted-1.3mm-float32': 0.88 };

const dir = mkdtempSync(path.join(tmpdir(), 'brain-variants-'));
const server = createServerRuntime({ intraOpNumThreads: 2 });
afterAll(async () => {
  await server.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const graph = () => PipelineGraphSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'examples/pipelines/brain-gwm-256.json'), 'utf8')));
interface Variant { name: string; format: 'nifti' | 'dicom'; file?: string; dir?: string; shape: number[]; axcodes: string; note: string }

const filesOf = (v: Pick<Variant, 'file' | 'dir'>) =>
  (v.file ? [v.file] : readdirSync(v.dir!).sort().map((f) => path.join(v.dir!, f))).map((f) => ({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) }));

/** The pipeline's label map (on the scan's grid), the scan as the studio reads it, and whether a SEG was written. */
async function segment(v: Pick<Variant, 'format' | 'file' | 'dir'>) {
  const input = { format: v.format, files: filesOf(v) };
  const out = await runInMemory(graph(), input, [{ name: path.basename(MODEL), bytes: new Uint8Array(readFileSync(MODEL)) }], server);
  const labels = out.artifacts.find((a) => a.name.endsWith('.nii.gz'));
  if (!labels) throw new Error('no label file written');
  const seg = out.artifacts.find((a) => a.mediaType === 'application/dicom');
  const scan = v.format === 'nifti' ? readNifti(input.files[0].bytes) : (await readDicomSeriesAsync(input.files.map((f) => f.bytes))).volume;
  return { labels: readNifti(labels.bytes), scan, seg };
}

/** Dice per label of `a` against `b` sampled (nearest) at a's voxel centres through world space; a's voxels outside b are left out. */
function worldDice(a: VolumeValue, b: VolumeValue, labels: number[]): Record<number, number> {
  const [nx, ny, nz] = a.geometry.dims, [mx, my, mz] = b.geometry.dims;
  const both = new Map(labels.map((l) => [l, 0])), inA = new Map(both), inB = new Map(both);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const [i, j, k] = worldToVoxel(b.geometry, voxelToWorld(a.geometry, [x, y, z])).map(Math.round);
    if (i < 0 || j < 0 || k < 0 || i >= mx || j >= my || k >= mz) continue;
    const la = a.data[x + nx * (y + ny * z)], lb = b.data[i + mx * (j + my * k)];
    if (inA.has(la)) inA.set(la, inA.get(la)! + 1);
    if (inB.has(lb)) inB.set(lb, inB.get(lb)! + 1);
    if (la === lb && both.has(la)) both.set(la, both.get(la)! + 1);
  }
  return Object.fromEntries(labels.map((l) => [l, (2 * both.get(l)!) / (inA.get(l)! + inB.get(l)!)]));
}

/** Same dims, and spacing, origin and directions equal to the float32 precision a NIfTI file keeps. */
function expectSameGrid(a: Geometry, b: Geometry) {
  expect(a.dims).toEqual(b.dims);
  const flat = (g: Geometry) => [...g.spacing, ...g.origin, ...g.direction];
  flat(a).forEach((v, i) => expect(v).toBeCloseTo(flat(b)[i], 4));
}

describe.runIf(NEED.ok)(NEED.title('brain pipeline on variants of the T1'), () => {
  const variants = () =>
    execFileSync(PYTHON, [path.join(REPO, 'test/variants/make-variants.py'), T1, dir], { encoding: 'utf8', timeout: 300_000 })
      .trim().split('\n').map((l) => JSON.parse(l) as Variant);

  it('labels every variant on its own grid, agreeing with the original in world space', async () => {
    const { labels: original, scan: t1, seg: none } = await segment({ format: 'nifti', file: T1 });
    expect(original.geometry).toEqual(t1.geometry);
    expect(none).toBeUndefined(); // a NIfTI scan has no DICOM source to reference
    const report: Record<string, unknown> = {};
    for (const v of variants()) {
      const { labels, scan, seg } = await segment(v);
      expectSameGrid(labels.geometry, scan.geometry); // voxel for voxel on the uploaded grid
      if (v.format === 'dicom') expect(seg?.size).toBeGreaterThan(0);
      const dice = worldDice(labels, original, [1, 2]);
      report[v.name] = { shape: v.shape, orientation: v.axcodes, note: v.note, diceWhite: +dice[1].toFixed(4), diceGrey: +dice[2].toFixed(4) };
      const floor = FLOOR[v.name] ?? 0.88;
      expect(dice[1], `${v.name} white matter`).toBeGreaterThan(floor);
      expect(dice[2], `${v.name} grey matter`).toBeGreaterThan(floor);
    }
    console.log(`brain variants, world-space Dice against the original T1: ${JSON.stringify(report, null, 1)}`);
  }, 900_000);
});
