// Issues 5 and 15 bench, optimised variants: fp16 storage, int8 static QDQ and int8 weight-only of
// the same 64^3 model on the same input as the targets bench (bench/targets.ts), each measured
// against the fp32 model in the same process with the same threads (runs interleaved, median of
// REPS), with Dice per label of the argmax label maps against fp32 and the product's verdict at
// the default threshold (accepted / rejected). Calibration never sees the reference cube. Then the
// 256^3 model (bench/variants-256.ts), for which the product refuses int8-static.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { readNifti } from '../runtimes/imaging/nifti/read';
import { measureVariant, optimiseModel, VARIANT_KINDS, type Feed } from '../runtimes/optimise';
import { volumeFeeds } from '../runtimes/optimise/samples';
import { mulberry32 } from '../demo/prng';
import { targetsCase } from './targets-case';
import { gateVariant } from '../server/models/variant-gate';
import { variants256Bench } from './variants-256';

const THREADS = 2; // as the targets bench's onnxruntime-node figures
const REPS = 3;
/** Issue 5 targets for int8 against fp32. */
const TARGET = { int8SpeedupMin: 2, diceMin: 0.98 };
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
/** The product's gate at its default threshold (server/models/variant-gate.ts). */
const verdict = (dice: number[]) => {
  const g = gateVariant(dice, TARGET.diceMin);
  return { status: g.status, reason: g.reason };
};

/** The cubes next to the reference cube of the T1 (corpus), or seeded noise of another seed. */
function calibrationFeeds(c: ReturnType<typeof targetsCase>): Feed[] {
  const t1 = c.modelPath && path.join(path.dirname(c.modelPath), 't1_crop_256_uint8.nii.gz');
  if (c.corpus && t1 && existsSync(t1)) {
    const nifti = readNifti(new Uint8Array(readFileSync(t1)));
    return volumeFeeds({ data: nifti.data, dims: nifti.geometry.dims }, c.dims, 'neighbours');
  }
  const rnd = mulberry32(65);
  return [{ dims: c.dims, data: Float32Array.from({ length: c.data.length }, () => Math.floor(rnd() * 256) / 255) }];
}

export async function variantsBench(log: (...a: unknown[]) => void) {
  const c = targetsCase();
  const loadBefore = loadavg()[0];
  const calibration = calibrationFeeds(c).map((f) => ({ [c.inputName]: f }));
  const rows: Record<string, unknown> = {};
  for (const kind of VARIANT_KINDS) {
    try {
      const v = await optimiseModel(c.modelBytes, kind, { calibration, threads: THREADS });
      const m = await measureVariant({ fp32: c.modelBytes, variant: v.bytes, input: { [c.inputName]: { dims: c.dims, data: c.data } }, reps: REPS, threads: THREADS });
      log(`variants: ${kind} ${round(m.latencyMs)} ms vs fp32 ${round(m.fp32LatencyMs)} ms (x${round(m.speedup, 2)}), Dice ${m.dicePerLabel.map((d) => round(d, 4)).join('/')}`);
      rows[kind] = {
        sizeBytes: m.sizeBytes,
        sizeRatio: round(m.sizeBytes / m.fp32SizeBytes, 3),
        medianMs: round(m.latencyMs),
        fp32MedianMs: round(m.fp32LatencyMs),
        // fp32 ms / variant ms (wall): > 1 is faster
        speedupVsFp32: round(m.speedup, 2),
        // the same from process CPU time per run: robust when other work shares the cores
        cpuMs: round(m.cpuMs),
        fp32CpuMs: round(m.fp32CpuMs),
        cpuSpeedupVsFp32: round(m.fp32CpuMs / m.cpuMs, 2),
        dicePerLabel: m.dicePerLabel.map((d) => round(d, 4)),
        labelCounts: m.labelCounts.variant,
        mismatchVoxels: m.mismatches,
        maxAbsDiffLogits: round(m.maxAbsDiff, 4),
        ...verdict(m.dicePerLabel),
        details: v.details,
        ...(kind === 'int8-static' ? { withinTarget: { speedup: m.speedup >= TARGET.int8SpeedupMin, dice: m.dicePerLabel.every((d) => d >= TARGET.diceMin) } } : {}),
      };
    } catch (e) {
      rows[kind] = { error: { code: (e as { code?: string })?.code ?? 'BENCH_FAILED', message: String((e as Error)?.message ?? e) } };
      log(`variants: ${kind} failed: ${(e as Error)?.message ?? e}`);
    }
  }
  return {
    model: c.model,
    input: c.input,
    corpus: c.corpus,
    ...(c.corpus ? {} : { corpusNote: 'corpus missing: demo tissue classifier on seeded noise (its convs have 1-2 input channels, so int8-static keeps them float32 and fails)' }),
    calibration: c.corpus ? 't1_crop_256_uint8 cubes z [32,96) and [160,224), y/x [96,160) (not the reference cube)' : 'seeded noise, seed 65',
    threads: THREADS,
    reps: REPS,
    loadAvg1m: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
    fp16Note: 'fp16 storage: float16 initializers + Cast to float32, folded at session creation; the CPU EP has no float16 Conv on x86, so compute stays float32',
    target: TARGET,
    variants: rows,
    model256: c.corpus && c.modelPath ? await variants256Bench(path.dirname(c.modelPath), THREADS, verdict, log) : { skipped: 'corpus missing' },
  };
}
