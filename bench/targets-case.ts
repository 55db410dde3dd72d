// The input and model shared by the targets bench (bench/targets.ts) and its wasm child processes
// (bench/targets-child.ts): both sides rebuild it deterministically instead of shipping 1 MiB of
// float32 over a pipe, so every target sees byte-identical feeds.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '../server/env';
import { mulberry32 } from '../demo/prng';
import { buildTissueClassifier } from '../demo/tissue-classifier';
import { readNifti } from '../runtimes/imaging/nifti';
import { normalize } from '../runtimes/imaging/ops/normalize';
import { sha256HexSync } from '../runtimes/server/sha256';

const REPO = fileURLToPath(new URL('../', import.meta.url));
/** Edge of the cube the 64^3 model takes, and where the crop starts in the 256^3 T1 (its centre). */
const CUBE = 64;
const OFFSET = 96;
const MIN_MAX = { method: 'min-max', windowCenter: 40, windowWidth: 400, nonzeroOnly: false } as const;

export interface TargetsCase {
  corpus: boolean;
  model: string;
  input: string;
  /** Absent when the model only exists in memory (demo classifier). */
  modelPath?: string;
  modelBytes: Uint8Array;
  sha256: string;
  inputName: string;
  /** [1,1,z,y,x], x fastest. */
  dims: number[];
  data: Float32Array;
  /** Output channels (argmax classes). */
  channels: number;
}

/** Whole T1 min-max normalised (as pre.normalize does), then the [96,160)^3 box copied out. */
function t1Crop(file: string): Float32Array {
  const vol = readNifti(new Uint8Array(readFileSync(file)));
  const [nx, ny] = vol.geometry.dims;
  const norm = normalize(vol.data, MIN_MAX);
  const crop = new Float32Array(CUBE ** 3);
  for (let z = 0; z < CUBE; z++) for (let y = 0; y < CUBE; y++) for (let x = 0; x < CUBE; x++) {
    crop[(z * CUBE + y) * CUBE + x] = norm[((z + OFFSET) * ny + (y + OFFSET)) * nx + (x + OFFSET)];
  }
  return crop;
}

/** Seeded uint8 noise, min-max normalised: the same bytes on every machine and process. */
function seededVolume(): Float32Array {
  const rnd = mulberry32(64);
  const raw = new Uint8Array(CUBE ** 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(rnd() * 256);
  return normalize(raw, MIN_MAX);
}

/** The brainchop 64^3 model on the T1 crop when the corpus is there, else the demo classifier on noise. */
export function targetsCase(): TargetsCase {
  const dir = path.resolve(REPO, env.STUDIO_CORPUS_DIR, 'models');
  const modelPath = path.join(dir, 'brainchop_meshnet_gwm_64cube.onnx');
  const t1 = path.join(dir, 't1_crop_256_uint8.nii.gz');
  const dims = [1, 1, CUBE, CUBE, CUBE];
  if (existsSync(modelPath) && existsSync(t1)) {
    const modelBytes = new Uint8Array(readFileSync(modelPath));
    return {
      corpus: true, model: path.basename(modelPath), input: `${path.basename(t1)} [96,160)^3, min-max`,
      modelPath, modelBytes, sha256: sha256HexSync(modelBytes), inputName: 'input', dims, data: t1Crop(t1), channels: 3,
    };
  }
  const modelBytes = buildTissueClassifier();
  return {
    corpus: false, model: 'demo tissue classifier', input: 'seeded uint8 noise 64^3 (mulberry32 seed 64), min-max',
    modelBytes, sha256: sha256HexSync(modelBytes), inputName: 'input', dims, data: seededVolume(), channels: 5,
  };
}

/** Argmax over channels of [1,C,...] logits, ties -> lowest class (as post.argmax). */
export function argmax(data: Float32Array, channels: number): Uint8Array {
  const n = data.length / channels;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) for (let c = 1; c < channels; c++) if (data[c * n + i] > data[out[i] * n + i]) out[i] = c;
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `warmup` untimed calls (session creation, first-run allocations), then `reps` timed ones, in ms. */
export async function timeReps(run: () => Promise<unknown>, warmup: number, reps: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return ms;
}
