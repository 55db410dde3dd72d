import type { ArtifactJson } from '../../drizzle/schema-core';
import type { LabelMapping, LabelMetrics } from '../../domain/evaluation/types';
import { DomainError } from '../../domain/errors';
import type { Geometry, VolumeValue } from '../../runtimes/core/values';
import { readNiftiAsync } from '../../runtimes/imaging/nifti';
import { labelMetricsOffThread } from '../../runtimes/server/metrics-thread';
import type { BlobStore } from '../blobs/store';
import { ServiceError } from '../errors';

/** Origins may differ by float32 rounding of the NIfTI header (mm); direction cosines by this much. */
const ORIGIN_TOLERANCE_MM = 0.01;
const DIRECTION_TOLERANCE = 1e-3;

/** The run's label map: the NIfTI output that carries label counts (output.nifti-labels writes it). */
export function labelArtifact(artifacts: readonly ArtifactJson[]): ArtifactJson {
  const found = artifacts.find((a) => a.labelCounts && (a.name.endsWith('.nii.gz') || a.name.endsWith('.nii')));
  if (!found) throw new ServiceError('NO_LABEL_OUTPUT', 'the run wrote no NIfTI label map to score (add an output.nifti-labels node)', { artifacts: artifacts.map((a) => a.name) });
  return found;
}

function labelData(v: VolumeValue, what: string): Uint8Array | Uint16Array {
  if (v.data instanceof Uint8Array || v.data instanceof Uint16Array) return v.data;
  throw new ServiceError('BAD_REQUEST', `the ${what} is not an integer label map (${v.dtype})`);
}

/** GRID_MISMATCH unless both maps lie on the same voxel grid in space (dims and spacing are checked by labelMetrics). */
export function assertSamePlacement(pred: Geometry, ref: Geometry): void {
  const far = pred.origin.some((o, a) => Math.abs(o - ref.origin[a]) > ORIGIN_TOLERANCE_MM) || pred.direction.some((d, a) => Math.abs(d - ref.direction[a]) > DIRECTION_TOLERANCE);
  const dimsDiffer = pred.dims.some((d, a) => d !== ref.dims[a]);
  if (far || dimsDiffer) {
    throw new DomainError('GRID_MISMATCH', `the pipeline's label map is not on the reference's grid (${dimsDiffer ? 'dims' : 'origin or orientation'}): the output must be on the scan's grid`, {
      predDims: pred.dims, refDims: ref.dims, predOrigin: pred.origin, refOrigin: ref.origin,
    });
  }
}

/**
 * Metrics of one case: the run's label map against the case's reference (mapped to pipeline
 * labels). Typed failures: NO_LABEL_OUTPUT, GRID_MISMATCH, GRID_TOO_LARGE, CORRUPT_INPUT.
 */
export async function caseMetrics(blobs: BlobStore, args: { artifacts: readonly ArtifactJson[]; referenceSha256: string; mapping: LabelMapping; labels: number[]; toleranceMm: number }): Promise<LabelMetrics[]> {
  const output = labelArtifact(args.artifacts);
  // Both inflated on zlib's thread pool, not on the event loop (a 256^3 pair blocked it for a few hundred ms).
  const [pred, ref] = await Promise.all([blobs.read(output.sha256).then(readNiftiAsync), blobs.read(args.referenceSha256).then(readNiftiAsync)]);
  assertSamePlacement(pred.geometry, ref.geometry);
  const grid = (data: Uint8Array | Uint16Array, g: Geometry) => ({ data, dims: g.dims, spacing: g.spacing });
  // The reference is mapped to pipeline labels on the metrics thread (a 256^3 map took 150-250 ms on the event loop).
  return labelMetricsOffThread(grid(labelData(pred, 'run output'), pred.geometry), grid(labelData(ref, 'reference'), ref.geometry), args.labels, { toleranceMm: args.toleranceMm, refMapping: args.mapping });
}
