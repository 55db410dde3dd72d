import { encode } from 'fast-png';
import { mappedLabels } from '../../domain/evaluation/summary';
import type { VolumeValue } from '../../runtimes/core/values';
import { contourThumbnail } from '../../runtimes/imaging/ops/contour-thumbnail';
import { readNiftiAsync, writeNiftiAsync } from '../../runtimes/imaging/nifti';
import type { ServiceDeps } from '../context';
import { getDatasetVersion, listDatasetCases } from '../datasets/repo';
import { ServiceError } from '../errors';
import { scanVolumeBlob } from '../scans/volume';
import { applyMapping } from '../../domain/evaluation/grid';
import { labelArtifact } from './case-metrics';
import { listCases, runsOf } from './repo';
import { requireEvaluation } from './service';

/**
 * What the report page shows of one case beyond its figures (the evaluation UI's addition to
 * this folder): a contour thumbnail PNG and the reference label map, mapped to pipeline labels,
 * for the viewer's second overlay. Both are derived from immutable inputs (a dataset case and
 * a finished run), so they are cached here by evaluation and case.
 */
const CACHED = 128;
const thumbnails = new Map<string, Uint8Array>();
export const MAX_CASE_KEY_LENGTH = 500;

async function caseOf(deps: ServiceDeps, evaluationId: string, caseKey: string) {
  if (!caseKey || caseKey.length > MAX_CASE_KEY_LENGTH) throw new ServiceError('BAD_REQUEST', `a case key has 1 to ${MAX_CASE_KEY_LENGTH} characters`);
  const e = await requireEvaluation(deps, evaluationId);
  const [cases, refs, dv] = await Promise.all([listCases(deps.db, e.id), listDatasetCases(deps.db, e.datasetVersionId), getDatasetVersion(deps.db, e.datasetVersionId)]);
  const c = cases.find((x) => x.caseKey === caseKey);
  const ref = refs.find((x) => x.caseKey === caseKey);
  if (!c || !ref || !dv) throw new ServiceError('NOT_FOUND', `evaluation ${e.id} has no case ${caseKey}`);
  return { e, c, ref, dv };
}

function labelsOf(v: VolumeValue, caseKey: string): Uint8Array | Uint16Array {
  if (v.data instanceof Uint8Array || v.data instanceof Uint16Array) return v.data;
  throw new ServiceError('BAD_REQUEST', `the reference of case ${caseKey} is not an integer label map (${v.dtype})`);
}

/** The case's reference as a .nii.gz on the scan grid, its values mapped to the pipeline's labels (unmapped: 0). */
export async function caseReferenceNifti(deps: ServiceDeps, evaluationId: string, caseKey: string): Promise<Uint8Array> {
  const { ref, dv } = await caseOf(deps, evaluationId, caseKey);
  const stored = await readNiftiAsync(await deps.blobs.read(ref.referenceSha256));
  const mapped: VolumeValue = { ...stored, dtype: 'uint16', data: applyMapping(labelsOf(stored, caseKey), dv.labelMapping) };
  return writeNiftiAsync(mapped, { gzip: true });
}

/**
 * PNG: the scan's axial slice where reference and prediction carry the most labels, in grey,
 * the reference contour in green, the prediction's in magenta (yellow where they agree). A
 * case whose run has not succeeded shows the reference alone.
 */
export async function caseThumbnail(deps: ServiceDeps, evaluationId: string, caseKey: string): Promise<Uint8Array> {
  const { e, c, ref, dv } = await caseOf(deps, evaluationId, caseKey); // permission first, even when cached
  const key = `${e.id}\u0000${caseKey}`;
  const [run] = c.runId ? await runsOf(deps.db, [c.runId]) : [];
  const done = run?.status === 'succeeded';
  const hit = thumbnails.get(key);
  if (hit && done) return hit;
  const scan = await readNiftiAsync(await deps.blobs.read((await scanVolumeBlob(deps, ref.scanId)).sha256));
  const reference = await readNiftiAsync(await deps.blobs.read(ref.referenceSha256));
  const prediction = done ? await readNiftiAsync(await deps.blobs.read(labelArtifact(run.artifacts).sha256)) : null;
  const t = contourThumbnail({
    geometry: scan.geometry,
    image: scan.data,
    reference: applyMapping(labelsOf(reference, caseKey), dv.labelMapping),
    prediction: prediction?.data ?? null,
    labels: mappedLabels(dv.labelMapping).map((l) => l.label),
  });
  const png = encode({ width: t.width, height: t.height, data: t.rgb, channels: 3, depth: 8 });
  if (done) {
    if (thumbnails.size >= CACHED) thumbnails.delete(thumbnails.keys().next().value!);
    thumbnails.set(key, png);
  }
  return png;
}
