// Labelled datasets for evaluation tests, built from shared material (nothing copied into the
// repository): the demo head phantom with its exact truth, and the real T1 with reference
// labels from an independent, larger model, plus copies of the T1 with permuted and flipped
// axes (affine adjusted, world content unchanged). Written as NIfTI pairs (side by side:
// `<case>.nii.gz` + `<case>_seg.nii.gz`) in a folder and zipped.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import ort from 'onnxruntime-node';
import { makeHeadPhantom } from '../demo/phantom';
import { TISSUE_LABELS } from '../demo/tissues';
import type { LabelMapping } from '../domain/evaluation/types';
import type { Geometry, LabelMapValue, VolumeValue } from '../runtimes/core/values';
import { voxelToWorld, type Vec3 } from '../runtimes/imaging/geometry';
import { readNifti, writeNifti } from '../runtimes/imaging/nifti';
import { gunzip } from '../runtimes/imaging/nifti/gzip';
import { corpusModels, corpusT1 } from './material';

export const REFERENCE_MODEL = path.join(corpusModels, 'brainchop_meshnet_gwm_large_256.onnx');
export const BRAIN_LABEL_MAPPING: LabelMapping = { entries: [{ reference: 1, label: 1 }, { reference: 2, label: 2 }], names: { '1': 'white matter', '2': 'grey matter' } };

export interface EvalCase {
  key: string;
  image: string;
  reference: string;
  /** Voxels per reference value. */
  counts: Record<string, number>;
}
export interface EvalDataset {
  dir: string;
  zipPath: string;
  labelMapping: LabelMapping;
  cases: EvalCase[];
}

const countsOf = (data: ArrayLike<number>) => {
  const c: Record<string, number> = {};
  for (let i = 0; i < data.length; i++) c[data[i]] = (c[data[i]] ?? 0) + 1;
  return c;
};

async function writeDataset(dir: string, name: string, labelMapping: LabelMapping, pairs: { key: string; image: VolumeValue; reference: LabelMapValue }[]): Promise<EvalDataset> {
  const root = path.join(dir, name);
  await mkdir(root, { recursive: true });
  const files: Record<string, Uint8Array> = {};
  const cases: EvalCase[] = [];
  for (const p of pairs) {
    const image = `${p.key}.nii.gz`;
    const reference = `${p.key}_seg.nii.gz`;
    files[`${name}/${image}`] = writeNifti(p.image, { gzip: true });
    files[`${name}/${reference}`] = writeNifti(p.reference, { gzip: true });
    await writeFile(path.join(root, image), files[`${name}/${image}`]);
    await writeFile(path.join(root, reference), files[`${name}/${reference}`]);
    cases.push({ key: p.key, image: path.join(root, image), reference: path.join(root, reference), counts: countsOf(p.reference.data) });
  }
  // Stored, not deflated: the members are gzip already.
  const zipPath = path.join(dir, `${name}.zip`);
  await writeFile(zipPath, zipSync(files, { level: 0 }));
  return { dir: root, zipPath, labelMapping, cases };
}

/** The demo head phantom (`size`^3) with its exact truth; mapping: tissue values to themselves, named as the demo names them. */
export async function buildPhantomDataset(dir: string, size = 128): Promise<EvalDataset> {
  const { volume, labels } = makeHeadPhantom({ size });
  const tissues = TISSUE_LABELS.filter((t) => t.value !== 0);
  const mapping: LabelMapping = { entries: tissues.map((t) => ({ reference: t.value, label: t.value })), names: Object.fromEntries(tissues.map((t) => [String(t.value), t.name])) };
  return writeDataset(dir, 'phantom-dataset', mapping, [{ key: 'phantom', image: volume, reference: labels }]);
}

/**
 * Argmax of brainchop_meshnet_gwm_large_256 on the T1 (0 background, 1 white, 2 grey), run with
 * onnxruntime-node directly as the shared README describes (min-max to [0,1], [1,1,z,y,x] in
 * file order, ties to the lowest class). About 27 s on 2 cores: cached under os.tmpdir() keyed
 * by the sha256 of the T1 and the model.
 */
export async function t1Reference(t1Bytes: Uint8Array, t1: VolumeValue): Promise<Uint8Array> {
  const model = await readFile(REFERENCE_MODEL);
  const key = createHash('sha256').update(createHash('sha256').update(t1Bytes).digest('hex')).update(createHash('sha256').update(model).digest('hex')).digest('hex');
  const cacheDir = path.join(os.tmpdir(), 'studio-eval-dataset');
  const cached = path.join(cacheDir, `${key}.labels.gz`);
  if (existsSync(cached)) return gunzip(new Uint8Array(await readFile(cached)));
  const [nx, ny, nz] = t1.geometry.dims;
  const n = nx * ny * nz;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) (min = Math.min(min, t1.data[i])), (max = Math.max(max, t1.data[i]));
  const input = new Float32Array(n);
  for (let i = 0; i < n; i++) input[i] = max > min ? (t1.data[i] - min) / (max - min) : 0;
  const session = await ort.InferenceSession.create(model);
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 1, nz, ny, nx]) });
  const logits = out[session.outputNames[0]].data as Float32Array;
  await session.release();
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < 3; c++) if (logits[c * n + i] > logits[best * n + i]) best = c;
    labels[i] = best;
  }
  await mkdir(cacheDir, { recursive: true });
  const { gzipSync } = await import('node:zlib');
  const tmp = `${cached}.${process.pid}.tmp`;
  await writeFile(tmp, gzipSync(labels, { level: 1 }));
  await rename(tmp, cached);
  return labels;
}

/**
 * The grid with voxel axis b taken from axis perm[b] of `g` (reversed where flip[b]), and the
 * data moved along: the same world content, voxel for voxel. Independent of pre.reorient.
 */
export function permuteAxes<T extends Uint8Array | Uint16Array>(g: Geometry, data: T, perm: Vec3, flip: [boolean, boolean, boolean]): { geometry: Geometry; data: T } {
  const dims = perm.map((a) => g.dims[a]) as Vec3;
  const oldOf = (ijk: Vec3): Vec3 => {
    const old: Vec3 = [0, 0, 0];
    for (let b = 0; b < 3; b++) old[perm[b]] = flip[b] ? dims[b] - 1 - ijk[b] : ijk[b];
    return old;
  };
  const direction = [0, 1, 2].flatMap((b) => [0, 1, 2].map((r) => g.direction[perm[b] * 3 + r] * (flip[b] ? -1 : 1) + 0)) as Geometry['direction'];
  const geometry: Geometry = { dims, spacing: perm.map((a) => g.spacing[a]) as Vec3, origin: voxelToWorld(g, oldOf([0, 0, 0])), direction };
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const [ox, oy] = g.dims;
  let i = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let x = 0; x < dims[0]; x++) {
        const o = oldOf([x, j, k]);
        out[i++] = data[o[0] + ox * (o[1] + oy * o[2])];
      }
  return { geometry, data: out };
}

/** Axis permutations/flips of the T1 variants: [key, perm, flip]. */
export const T1_VARIANTS: [string, Vec3, [boolean, boolean, boolean]][] = [
  ['t1-zxy-flip-y', [2, 0, 1], [false, true, false]],
  ['t1-flip-xz', [0, 1, 2], [true, false, true]],
];

/** The real T1 with its reference labels and the variants of T1_VARIANTS; mapping 1 white matter, 2 grey matter. */
export async function buildBrainDataset(dir: string): Promise<EvalDataset> {
  const bytes = new Uint8Array(await readFile(corpusT1));
  const t1 = readNifti(bytes);
  if (!(t1.data instanceof Uint8Array)) throw new Error('the shared T1 is expected as uint8');
  const labels = await t1Reference(bytes, t1);
  const reference = (geometry: Geometry, data: Uint8Array): LabelMapValue => ({ type: 'label-map', geometry, data, labels: [] });
  const pairs = [{ key: 't1', image: t1, reference: reference(t1.geometry, labels) }];
  for (const [key, perm, flip] of T1_VARIANTS) {
    const image = permuteAxes(t1.geometry, t1.data, perm, flip);
    const ref = permuteAxes(t1.geometry, labels, perm, flip);
    pairs.push({ key, image: { ...t1, geometry: image.geometry, data: image.data }, reference: reference(ref.geometry, ref.data) });
  }
  return writeDataset(dir, 'brain-dataset', BRAIN_LABEL_MAPPING, pairs);
}
