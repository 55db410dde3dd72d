import type { ModelVariantKind } from '../../drizzle/schema';
import { readNifti } from '../../runtimes/imaging/nifti/read';
import { readModelSignature } from '../../runtimes/core/onnx-signature';
import { assertInt8CanBeFaster, measureVariant, optimiseModel, volumeFeeds, type Feed } from '../../runtimes/optimise';
import { sha256HexSync } from '../../runtimes/server/sha256';
import { env } from '../env';
import '../volume-limits'; // caps every gunzip of a .nii.gz in this process
import { ServiceError } from '../errors';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { audited } from '../audit/service';
import { insertModel } from './repo';
import { registerModelBytes, requireModel } from './service';
import { scanVolumeBlob } from '../scans/volume';
import { gateVariant } from './variant-gate';
import { getVariant, listVariants, upsertVariant } from './variants-store';

/** Timed runs per model when measuring a variant (median reported). */
const REPS = 3;
const LABEL: Record<ModelVariantKind, string> = { fp16: 'fp16', 'int8-static': 'int8', 'int8-weights': 'int8 weights' };

async function scanFeeds(deps: ServiceDeps, scanId: string, inputShape: (number | null)[], which: 'centre' | 'neighbours'): Promise<Feed[]> {
  const blob = await scanVolumeBlob(deps, scanId);
  const nifti = readNifti(await deps.blobs.read(blob.sha256));
  return volumeFeeds({ data: nifti.data, dims: nifti.geometry.dims }, inputShape, which);
}

export interface CreateVariantArgs {
  sourceSha256: string;
  kind: ModelVariantKind;
  calibrationScanId?: string;
  referenceScanId: string;
  /** Dice per label against fp32 the variant must reach to be usable (0.5..1; default STUDIO_VARIANT_DICE_MIN). */
  diceThreshold?: number;
}

/**
 * Make an optimised variant of a registered fp32 model, measure it (size, latency on this machine
 * with the fp32 model's threads, Dice per label against the fp32 output on the reference scan's
 * centre crop) and gate it: every label's Dice must reach the threshold. Accepted: registered as
 * a model of its own ("<model> (int8)"). Rejected: the report and the reason are recorded, the
 * bytes are neither stored nor registered, and every use of its hash is refused
 * (VARIANT_REJECTED). int8-static calibrates on the calibration scan (the cubes next to its
 * centre when the model takes fixed-size cubes, so a scan used for both does not grade itself).
 */
export async function createVariant(deps: ServiceDeps, args: CreateVariantArgs) {
  const threshold = args.diceThreshold ?? env.STUDIO_VARIANT_DICE_MIN;
  if (!(threshold >= 0.5 && threshold <= 1)) throw new ServiceError('BAD_REQUEST', `diceThreshold must be within 0.5..1 (got ${threshold})`);
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
  if (args.kind === 'int8-static') assertInt8CanBeFaster(fp32); // before reading scans and calibrating
  const calibration = args.calibrationScanId ? await scanFeeds(deps, args.calibrationScanId, input.shape, 'neighbours') : undefined;
  const reference = (await scanFeeds(deps, args.referenceScanId, input.shape, 'centre'))[0];
  const threads = env.ORT_THREADS;
  const variant = await optimiseModel(fp32, args.kind, { calibration: calibration?.map((f) => ({ [input.name]: f })), threads });
  const measured = await measureVariant({ fp32, variant: variant.bytes, input: { [input.name]: reference }, reps: REPS, threads });
  const gate = gateVariant(measured.dicePerLabel, threshold);
  const sha256 = sha256HexSync(variant.bytes);
  const name = `${source.name} (${LABEL[args.kind]})`;
  const fileName = source.fileName.replace(/\.onnx$/i, '') + `.${args.kind}.onnx`;
  const numbers = { sourceSha256: source.sha256, kind: args.kind, threshold, dicePerLabel: measured.dicePerLabel, speedup: measured.speedup, latencyMs: measured.latencyMs, fp32LatencyMs: measured.fp32LatencyMs };
  const stored = await audited(
    deps,
    async (tx) => {
      // The content row the variant record points at; only an accepted variant gets bytes and a name.
      await insertModel(tx, { sha256, name, fileName, sizeBytes: variant.bytes.byteLength, signature: readModelSignature(variant.bytes, sha256) });
      return upsertVariant(tx, {
        sha256,
        sourceSha256: source.sha256,
        kind: args.kind,
        status: gate.status,
        calibrationScanId: args.calibrationScanId ?? null,
        referenceScanId: args.referenceScanId,
        report: { ...measured, reference: `scan ${args.referenceScanId}, [${reference.dims.join(',')}] centre`, details: variant.details, gate },
      });
    },
    (v) => ({ action: v.status === 'rejected' ? 'model.variant.rejected' : 'model.variant.created', objectType: 'model', objectId: v.sha256, details: { ...numbers, reason: gate.reason } }),
  );
  if (gate.status === 'rejected') return variantDto({ ...stored, name: null, sourceName: source.name });
  const row = await registerModelBytes(deps, { fileName, name, bytes: variant.bytes });
  return variantDto({ ...stored, name: row.name, sourceName: source.name });
}

export function variantDto(v: Awaited<ReturnType<typeof listVariants>>[number]) {
  return {
    sha256: v.sha256,
    /** The registered name; a rejected variant is not registered: "<source> (<kind>)" for display. */
    name: v.name ?? `${v.sourceName} (${LABEL[v.kind]})`,
    sourceSha256: v.sourceSha256,
    kind: v.kind,
    status: v.status,
    calibrationScanId: v.calibrationScanId,
    referenceScanId: v.referenceScanId,
    report: v.report,
    createdAt: v.createdAt.toISOString(),
  };
}

export async function listVariantDtos(deps: ServiceDeps, sourceSha256?: string) {
  return (await listVariants(deps.db, scopeOf(deps).workspaceId, sourceSha256)).map(variantDto);
}
