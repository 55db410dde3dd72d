import { readFile, writeFile } from 'node:fs/promises';
import { env } from '../server/env';
import { readModelSignature } from '../runtimes/core/onnx-signature';
import { readNifti } from '../runtimes/imaging/nifti/read';
import { measureVariant, optimiseModel, volumeFeeds, type VariantKind } from '../runtimes/optimise';
import type { CliOptions } from './options';
import { CliError, printJson } from './output';
import { gateVariant } from '../server/models/variant-gate';

const USAGE = 'usage: studio optimise <model.onnx> --kind fp16|int8|int8-static|int8-weights [--calibrate <scan.nii[.gz]>] --out <file.onnx> [--reference <scan.nii[.gz]>] --json';

/** `--kind int8` is static QDQ when a calibration scan is given, weight-only otherwise. */
function variantKind(kind: string | undefined, calibrate: boolean): VariantKind {
  if (kind === 'fp16' || kind === 'int8-static' || kind === 'int8-weights') return kind;
  if (kind === 'int8') return calibrate ? 'int8-static' : 'int8-weights';
  throw new CliError('BAD_ARGUMENTS', `--kind must be fp16, int8, int8-static or int8-weights\n${USAGE}`);
}

async function readInput(file: string, what: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new CliError('FILE_NOT_FOUND', `${what} ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }));
}

/**
 * `studio optimise`: writes an fp16 or int8 variant of an fp32 ONNX model and prints what was
 * done; with `--reference <scan>` also its size, latency on this machine and Dice per label
 * against the fp32 model on the scan's centre (cube). Calibration uses the cubes next to the
 * centre, so one scan can serve as both without grading itself.
 */
export async function optimiseCommand(args: string[], opts: CliOptions): Promise<number> {
  const [modelFile] = args;
  if (!modelFile || !opts.out) throw new CliError('BAD_ARGUMENTS', USAGE);
  const kind = variantKind(opts.kind, Boolean(opts.calibrate));
  if (kind === 'int8-static' && !opts.calibrate) throw new CliError('BAD_ARGUMENTS', `--kind int8-static needs --calibrate <scan>\n${USAGE}`);
  const fp32 = await readInput(modelFile, 'model');
  const input = readModelSignature(fp32, '').inputs[0];
  const feeds = async (file: string, which: 'centre' | 'neighbours') => {
    const nifti = readNifti(await readInput(file, 'scan'));
    return volumeFeeds({ data: nifti.data, dims: nifti.geometry.dims }, input.shape, which);
  };
  const threads = env.ORT_THREADS;
  const calibration = opts.calibrate ? (await feeds(opts.calibrate, 'neighbours')).map((f) => ({ [input.name]: f })) : undefined;
  const variant = await optimiseModel(fp32, kind, { calibration, threads });
  await writeFile(opts.out, variant.bytes);
  const report = opts.reference
    ? await measureVariant({ fp32, variant: variant.bytes, input: { [input.name]: (await feeds(opts.reference, 'centre'))[0] }, threads })
    : null;
  await printJson({
    model: modelFile,
    kind,
    out: opts.out,
    sizeBytes: variant.bytes.byteLength,
    fp32SizeBytes: fp32.byteLength,
    details: variant.details,
    report,
    // the studio's verdict at its default threshold (STUDIO_VARIANT_DICE_MIN): a rejected variant is not registered there
    gate: report ? gateVariant(report.dicePerLabel, env.STUDIO_VARIANT_DICE_MIN) : null,
    ...(report ? {} : { note: 'no --reference scan: latency and Dice not measured' }),
  });
  return 0;
}
