import type { Zippable } from 'fflate';
import pkg from '../../package.json';
import { PipelineGraphSchema } from '../../domain/graph/schema';
import { canonicalJson } from '../../domain/versioning/canonical';
import { modelRefsOf } from '../../domain/versioning/pins';
import { sha256Hex as sha256 } from '../../domain/sha256';
import { ServiceError } from '../errors';
import { zipOffThread } from '../http/zip-deflate';
import { getModel } from '../models/repo';
import { recordAudit } from '../audit/service';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { requirePipeline } from '../pipelines/service';
import { requireVersion } from './service';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, bundleFileName, CARD_FILE, evaluationFile, MANIFEST_FILE, modelFile, MONAI_FILE, PIPELINE_FILE, type BundleManifest } from './bundle-format';
import { listEvaluationsOfVersion } from '../evaluations/repo';
import { evaluationReport } from '../evaluations/service';
import { getVersionCard } from '../cards/repo';
import { versionMonaiMetadata } from '../../domain/cards/version-card';

/** Fixed zip timestamps: only `exportedAt` differs between two exports of one version. */
const MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * A published version as one portable file (see bundle-format.ts), models read from the blob
 * store by the sha256s the version pinned, with the card pinned at publish (card.json, and as
 * MONAI metadata.json; a version published before cards existed exports as format 1, without)
 * and the reports of its succeeded evaluations (at most 100, for the record: an import verifies
 * but does not import them).
 * Audited 'version.exported'.
 */
export async function exportVersion(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'audit' | 'principal'>, versionId: string) {
  const version = await requireVersion(deps, versionId);
  const pipeline = await requirePipeline(deps, version.pipelineId);
  const graph = PipelineGraphSchema.parse(version.graph);
  const pipelineJson = new TextEncoder().encode(canonicalJson(graph));
  const files: Record<string, Uint8Array> = { [PIPELINE_FILE]: pipelineJson };
  /** sha256 of each file, computed once (the manifest lists them in name order). */
  const hash: Record<string, string> = {};
  const models: BundleManifest['models'] = [];
  for (const sha of [...new Set(modelRefsOf(graph).map((r) => r.sha256))].sort()) {
    const row = await getModel(deps.db, scopeOf(deps).workspaceId, sha);
    if (!row || !(await deps.blobs.has(sha))) throw new ServiceError('NOT_FOUND', `model ${sha} of v${version.semver} is not stored on this instance`, { sha256: sha });
    const bytes = await deps.blobs.read(sha);
    files[modelFile(sha)] = bytes;
    models.push({ sha256: sha, name: row.name, fileName: row.fileName, size: bytes.byteLength, signature: row.signature });
  }
  const evaluations: NonNullable<BundleManifest['evaluations']> = [];
  for (const e of (await listEvaluationsOfVersion(deps.db, version.id)).filter((x) => x.status === 'succeeded').slice(0, 100)) {
    const report = new TextEncoder().encode(canonicalJson(await evaluationReport(deps, e.id)));
    files[evaluationFile(e.id)] = report;
    hash[evaluationFile(e.id)] = await sha256(report);
    evaluations.push({ id: e.id, datasetVersionId: e.datasetVersionId, sha256: hash[evaluationFile(e.id)] });
  }
  const card = await getVersionCard(deps.db, version.id);
  if (card) {
    files[CARD_FILE] = new TextEncoder().encode(JSON.stringify(card, null, 2) + '\n');
    files[MONAI_FILE] = new TextEncoder().encode(JSON.stringify(versionMonaiMetadata(card, pipeline.description), null, 2) + '\n');
  }
  // Hashed with WebCrypto (on Node's thread pool; one file at a time, as each digest copies its
  // input) and zipped on fflate's workers: a bundle no longer holds the event loop.
  const names = Object.keys(files).sort();
  for (const f of names) hash[f] ??= await sha256(files[f]);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: card ? BUNDLE_FORMAT_VERSION : 1,
    ...(card ? { cardSha256: hash[CARD_FILE], metadataSha256: hash[MONAI_FILE] } : {}),
    pipeline: { name: pipeline.name, description: pipeline.description },
    semver: version.semver,
    notes: version.notes,
    contentHash: version.contentHash,
    graphSha256: hash[PIPELINE_FILE],
    models,
    pins: version.pins,
    exportedAt: new Date().toISOString(),
    studio: { version: pkg.version },
    files: Object.fromEntries(names.map((f) => [f, hash[f]])),
    ...(evaluations.length ? { evaluations } : {}),
  };
  const zippable: Zippable = { [MANIFEST_FILE]: [new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'), { mtime: MTIME, level: 9 }] };
  for (const f of names) zippable[f] = [files[f], { mtime: MTIME, level: f.endsWith('.onnx') ? 6 : 9 }];
  const zip = await zipOffThread(zippable);
  await recordAudit(deps, {
    action: 'version.exported',
    objectType: 'version',
    objectId: version.id,
    details: { format: BUNDLE_FORMAT, pipelineId: pipeline.id, semver: version.semver, contentHash: version.contentHash, sizeBytes: zip.byteLength, models: models.length },
  });
  return { zip, manifest, fileName: bundleFileName(pipeline.name, version.semver) };
}
