import type { ModelVariantKind } from '../../drizzle/schema';
import { readNifti } from '../../runtimes/imaging/nifti/read';
import { measureVariant, optimiseModel, volumeFeeds, type Feed } from '../../runtimes/optimise';
import { env } from '../env';
import '../volume-limits'; // caps every gunzip of a .nii.gz in this process
import { ServiceError } from '../errors';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { registerModelBytes, requireModel } from './service';
import { scanVolumeBlob } from '../scans/volume';
import { getVariant, listVariants, upsertVariant } from './variants-store';

/** Timed runs per model when measuring a variant (median reported). */
const REPS = 3;
const LABEL: Record<ModelVariantKind, string> = { fp16: 'fp16', 'int8-static': 'int8', 'int8-weights': 'int8 weights' };

async function scanFeeds(deps: ServiceDeps, scanId: string, inputShape: (number | null)[], which: 'centre' | 'neighbours'): Promise<Feed[]> {
  const blob = await scanVolumeBlob(deps, scanId);
  const nifti = readNifti(await deps.blobs.read(blob.sha256));
  return volumeFeeds({ data: nifti.data, dims: nifti.geometry.dims }, inputShape, which);
}

/**
 * Make an optimised variant of a registered fp32 model, register it as a model of its own
 * ("<model> (int8)") and record its report: size, latency on this machine (onnxruntime-node,
 * same threads as the fp32 model) and Dice per label against the fp32 output on the reference
 * scan's centre (crop). int8-static calibrates on the calibration scan (the cubes next to its
 * centre when the model takes fixed-size cubes, so a scan used for both does not grade itself).
 */
export async function createVariant(deps: ServiceDeps, args: { sourceSha256: string; kind: ModelVariantKind; calibrationScanId?: string; referenceScanId: string }) {
  const source = await requireModel(deps, args.sourceSha256);
  if (await getVariant(deps.db, source.sha256)) throw new ServiceError('BAD_REQUEST', `${source.name} is itself a variant: optimise its fp32 source instead`);
  if (args.kind === 'int8-static' && !args.calibrationScanId) {
    throw new ServiceError('BAD_REQUEST', 'int8-static needs a calibration scan (a sample of what the model will see)', { kind: args.kind });
  }
  const input = source.signature.inputs[0];
  if (source.signature.inputs.length !== 1 || input.dtype !== 'float32') {
    throw new ServiceError('BAD_REQUEST', `${source.name}: variants are measured on single-input float32 models fed from a scan`);
  }
  const fp32 = await deps.blobs.read(source.sha256);
  const calibration = args.calibrationScanId ? await scanFeeds(deps, args.calibrationScanId, input.shape, 'neighbours') : undefined;
  const reference = (await scanFeeds(deps, args.referenceScanId, input.shape, 'centre'))[0];
  const threads = env.ORT_THREADS;
  const variant = await optimiseModel(fp32, args.kind, { calibration: calibration?.map((f) => ({ [input.name]: f })), threads });
  const measured = await measureVariant({ fp32, variant: variant.bytes, input: { [input.name]: reference }, reps: REPS, threads });
  const row = await registerModelBytes(deps, {
    fileName: source.fileName.replace(/\.onnx$/i, '') + `.${args.kind}.onnx`,
    name: `${source.name} (${LABEL[args.kind]})`,
    bytes: variant.bytes,
  });
  const stored = await upsertVariant(deps.db, {
    sha256: row.sha256,
    sourceSha256: source.sha256,
    kind: args.kind,
    calibrationScanId: args.calibrationScanId ?? null,
    referenceScanId: args.referenceScanId,
    report: { ...measured, reference: `scan ${args.referenceScanId}, [${reference.dims.join(',')}] centre`, details: variant.details },
  });
  return variantDto({ ...stored, name: row.name });
}

export function variantDto(v: Awaited<ReturnType<typeof listVariants>>[number]) {
  return {
    sha256: v.sha256,
    name: v.name,
    sourceSha256: v.sourceSha256,
    kind: v.kind,
    calibrationScanId: v.calibrationScanId,
    referenceScanId: v.referenceScanId,
    report: v.report,
    createdAt: v.createdAt.toISOString(),
  };
}

export async function listVariantDtos(deps: ServiceDeps, sourceSha256?: string) {
  return (await listVariants(deps.db, scopeOf(deps).workspaceId, sourceSha256)).map(variantDto);
}
