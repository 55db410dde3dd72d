// The 256^3 half of the variants bench (bench/variants.ts): niivue MeshNet gwm 256^3 (5 channels
// per layer). The product refuses int8-static for it up front (runtimes/optimise/feasibility.ts);
// this measures what that refusal saves: the int8 QDQ the optimiser would build (channels padded
// 5 -> 16) against fp32. Whole-volume int8 runs take ~1-2 min each on 2 busy cores, so the
// variants are measured on the 128^3 centre of the T1 with the model's input set to 128^3 (the
// model is fully convolutional, stride 1: the per-voxel work and the ratio are the same), one
// timed run after one warm-up; fp32 on the whole 256^3 volume is timed once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { readNifti } from '../runtimes/imaging/nifti/read';
import { nodeSessionOptions } from '../runtimes/ort/sessions.mjs';
import { assertInt8CanBeFaster, calibrate, measureVariant, optimiseModel, paddingCost, toInt8, VARIANT_KINDS, volumeFeeds, type VariantReport } from '../runtimes/optimise';
import { decodeModel, encodeModel } from '../runtimes/optimise/graph';

const CROP = 128;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** The same model with every spatial dim of its input and output fixed to `edge`. */
function withEdge(bytes: Uint8Array, edge: number): Uint8Array {
  const model = decodeModel(bytes);
  const g = model.graph!;
  for (const v of [...(g.input ?? []), ...(g.output ?? [])]) {
    for (const d of v.type?.tensorType?.shape?.dim?.slice(2) ?? []) d.dimValue = edge;
  }
  g.valueInfo = [];
  return encodeModel(model);
}

async function timeOnce(bytes: Uint8Array, feed: { dims: number[]; data: Float32Array }, threads: number): Promise<number> {
  const s = await ort.InferenceSession.create(bytes, nodeSessionOptions(threads));
  try {
    const t0 = performance.now();
    await s.run({ input: new ort.Tensor('float32', feed.data, feed.dims) });
    return performance.now() - t0;
  } finally {
    await s.release();
  }
}

export async function variants256Bench(dir: string, threads: number, gate: (dice: number[]) => { status: string; reason: string | null }, log: (...a: unknown[]) => void) {
  const modelPath = path.join(dir, 'niivue_meshnet_gwm_256.onnx');
  const t1 = path.join(dir, 't1_crop_256_uint8.nii.gz');
  if (!existsSync(modelPath) || !existsSync(t1)) return { skipped: `corpus missing (${path.basename(modelPath)}, ${path.basename(t1)})` };
  const fp32 = new Uint8Array(readFileSync(modelPath));
  const nifti = readNifti(new Uint8Array(readFileSync(t1)));
  const volume = { data: nifti.data, dims: nifti.geometry.dims };

  // What the product answers (before any calibration): refused, with the padding cost.
  let productAnswer: Record<string, unknown> = { refused: false };
  try {
    assertInt8CanBeFaster(fp32);
  } catch (e) {
    productAnswer = { refused: true, code: (e as { code?: string }).code, message: (e as Error).message };
  }
  const full = volumeFeeds(volume, [1, 1, 256, 256, 256], 'centre')[0];
  const fp32WholeVolumeMs = round(await timeOnce(fp32, full, threads));
  log(`variants 256: fp32 whole volume ${fp32WholeVolumeMs} ms (one run)`);

  const small = withEdge(fp32, CROP);
  const crop = volumeFeeds(volume, [1, 1, CROP, CROP, CROP], 'centre')[0];
  const samples = [{ input: crop }];
  const rows: Record<string, unknown> = {};
  for (const kind of VARIANT_KINDS) {
    // int8-static as the optimiser would build it without the refusal (calibrated on the crop itself)
    const bytes = kind === 'int8-static'
      ? toInt8(small, { mode: 'static', calibration: await calibrate(small, samples, { threads }) }).bytes
      : (await optimiseModel(small, kind, { calibration: samples, threads })).bytes;
    const m: VariantReport = await measureVariant({ fp32: small, variant: bytes, input: { input: crop }, reps: 1, threads });
    const verdict = gate(m.dicePerLabel);
    log(`variants 256 (${CROP}^3 crop): ${kind} ${round(m.latencyMs)} ms vs fp32 ${round(m.fp32LatencyMs)} ms (x${round(m.speedup, 2)}), Dice ${m.dicePerLabel.map((d) => round(d, 4)).join('/')} ${verdict.status}`);
    rows[kind] = {
      fp32Ms: round(m.fp32LatencyMs),
      variantMs: round(m.latencyMs),
      speedupVsFp32: round(m.speedup, 2),
      cpuSpeedupVsFp32: round(m.fp32CpuMs / m.cpuMs, 2),
      dicePerLabel: m.dicePerLabel.map((d) => round(d, 4)),
      labelCounts: m.labelCounts,
      status: verdict.status,
      reason: verdict.reason,
    };
  }
  return {
    model: path.basename(modelPath),
    input: `${path.basename(t1)} whole volume (fp32 timing); variants on its [64,192)^3 centre with the model's input set to ${CROP}^3`,
    paddingCost: paddingCost(fp32),
    int8StaticProductAnswer: productAnswer,
    fp32WholeVolumeMs,
    reps: 1,
    repsNote: 'one timed run after one warm-up per model: whole-volume int8 runs take minutes on 2 shared cores',
    int8StaticNote: 'int8-static is built here by toInt8 directly (what the refusal prevents), calibrated on the measured crop itself (best case for Dice)',
    variants: rows,
  };
}
