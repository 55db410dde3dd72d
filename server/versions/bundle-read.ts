import { readFile } from 'node:fs/promises';
import { assertGraphSize, GRAPH_LIMITS } from '../../domain/graph/limits';
import { PipelineGraphSchema, type PipelineGraph } from '../../domain/graph/schema';
import { DomainError } from '../../domain/errors';
import { canonicalJson } from '../../domain/versioning/canonical';
import { contentHash } from '../../domain/versioning/hash';
import { modelRefsOf } from '../../domain/versioning/pins';
import { sha256Hex as sha256 } from '../../domain/sha256';
import { parseSemver } from '../../domain/versioning/semver';
import type { ModelSignature } from '../../domain/models/signature';
import { readModelSignature } from '../../runtimes/core/onnx-signature';
import type { BlobStore, StagedBlob } from '../blobs/store';
import { ServiceError } from '../errors';
import { resolveModelFiles } from '../../domain/models/refs';
import {
  BundleManifestSchema,
  CARD_FILE,
  DEFAULT_BUNDLE_LIMITS,
  DOCUMENT_MAX_BYTES,
  evaluationFile,
  MANIFEST_FILE,
  modelFile,
  MONAI_FILE,
  PIPELINE_FILE,
  type BundleLimits,
  type BundleManifest,
} from './bundle-format';
import { readZipDirectory, type ZipEntry } from '../http/zip-directory';
import { inflateEntry, stageEntry } from '../http/zip-inflate';
import { checkHash, invalid, parseJson, tampered } from './bundle-check';
import { readBundleCard } from './bundle-card';
import type { VersionCard } from '../../domain/cards/version-card';

export interface VerifiedBundle {
  manifest: BundleManifest;
  graph: PipelineGraph;
  /** Each model inflated to a staged (not yet addressable) blob: commit or discard it. */
  models: { meta: BundleManifest['models'][number]; staged: StagedBlob; signature: ModelSignature }[];
  /** The card pinned with the version (format 2), checked against its hash, the content hash and metadata.json. */
  card?: VersionCard;
}

const MiB = 1024 * 1024;

/**
 * Unpack and verify a version bundle, storing nothing addressable (models are staged, and
 * discarded again on any refusal). Order: the zip's size, then its whole central directory
 * (BUNDLE_TOO_LARGE / BUNDLE_INVALID: sizes, count, ratio, model ratio, names; nothing inflated yet), the
 * manifest, graph and card (small, inflated on the thread pool), the inventory against the manifest
 * (BUNDLE_TAMPERED: a file missing, unexpected, of another declared size or sha256), and only
 * then the models, streamed to disk one at a time, each cut at its declared size.
 */
export async function readVersionBundle(bytes: Uint8Array, blobs: Pick<BlobStore, 'stage'>, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<VerifiedBundle> {
  if (bytes.byteLength === 0) throw invalid('the bundle is empty (0 bytes)', {});
  if (bytes.byteLength > limits.bundleBytes) {
    throw new ServiceError('BUNDLE_TOO_LARGE', `the bundle is ${bytes.byteLength} bytes (limit ${limits.bundleBytes})`, { limitBytes: limits.bundleBytes });
  }
  const entries = new Map(readZipDirectory(bytes, limits).map((e) => [e.name, e]));
  for (const e of entries.values()) checkModelRatio(e, limits.modelRatio);
  const manifestEntry = entries.get(MANIFEST_FILE);
  if (manifestEntry && manifestEntry.size > DOCUMENT_MAX_BYTES) throw invalid(`${MANIFEST_FILE} is ${manifestEntry.size} bytes (limit ${DOCUMENT_MAX_BYTES})`, { file: MANIFEST_FILE });
  const manifest = parseManifest(manifestEntry && (await inflateEntry(bytes, manifestEntry)));
  entries.delete(MANIFEST_FILE);
  checkInventory(manifest, entries);
  const graphEntry = entries.get(PIPELINE_FILE)!;
  if (graphEntry.size > GRAPH_LIMITS.jsonBytes) {
    throw new DomainError('GRAPH_TOO_LARGE', `${PIPELINE_FILE} is ${graphEntry.size} bytes (limit ${GRAPH_LIMITS.jsonBytes})`, { what: 'jsonBytes', actual: graphEntry.size, limit: GRAPH_LIMITS.jsonBytes, file: PIPELINE_FILE });
  }
  const graphBytes = await inflateEntry(bytes, graphEntry);
  checkHash(PIPELINE_FILE, await sha256(graphBytes), manifest.graphSha256);
  const graph = await parseGraph(graphBytes, manifest);
  for (const e of manifest.evaluations ?? []) {
    const entry = entries.get(evaluationFile(e.id))!;
    if (entry.size > DOCUMENT_MAX_BYTES) throw invalid(`${entry.name} is ${entry.size} bytes (limit ${DOCUMENT_MAX_BYTES})`, { file: entry.name });
    checkHash(entry.name, await sha256(await inflateEntry(bytes, entry)), e.sha256); // up to 4 MiB each: hashed on the thread pool
  }
  const card = await readBundleCard(bytes, entries, manifest);
  const models: VerifiedBundle['models'] = [];
  const staging: StagedBlob[] = [];
  try {
    for (const meta of manifest.models) {
      const staged = await stageEntry(blobs, bytes, entries.get(modelFile(meta.sha256))!);
      staging.push(staged);
      checkHash(modelFile(meta.sha256), staged.sha256, meta.sha256);
      // The Buffer itself (a Uint8Array), not a copy: copying a model of hundreds of MiB stalled the event loop.
      models.push({ meta, staged, signature: checkSignature(meta, await readFile(staged.tempPath)) });
    }
  } catch (e) {
    await Promise.all(staging.map((s) => s.discard()));
    throw e;
  }
  return { manifest, graph, models, card };
}

/** A model entry that would inflate to more than `modelRatio` times its compressed bytes: refused before inflating anything. */
function checkModelRatio(e: ZipEntry, modelRatio: number) {
  if (!e.name.startsWith('models/') || e.size <= MiB || e.size <= e.compressedSize * modelRatio) return;
  const ratio = Math.round(e.size / Math.max(1, e.compressedSize));
  throw new ServiceError('BUNDLE_TOO_LARGE', `${e.name} declares ${e.size} bytes from ${e.compressedSize} compressed (${ratio}:1; a model may inflate at most ${modelRatio}:1)`, {
    file: e.name,
    problem: 'ratio',
    declaredBytes: e.size,
    compressedBytes: e.compressedSize,
    limitRatio: modelRatio,
  });
}

function parseManifest(bytes: Uint8Array | undefined): BundleManifest {
  const parsed = BundleManifestSchema.safeParse(parseJson(MANIFEST_FILE, bytes));
  if (!parsed.success) {
    throw invalid(`${MANIFEST_FILE} is not a studio version manifest`, { file: MANIFEST_FILE, issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  try {
    parseSemver(parsed.data.semver);
  } catch {
    throw invalid(`${MANIFEST_FILE}: "${parsed.data.semver}" is not a version like 1.2.3`, { file: MANIFEST_FILE, field: 'semver' });
  }
  return parsed.data;
}

/** The manifest's own lists agree; the zip holds exactly the listed files, models of the listed sizes (declared, not inflated). */
function checkInventory(manifest: BundleManifest, entries: Map<string, ZipEntry>) {
  const expected: Record<string, string> = { [PIPELINE_FILE]: manifest.graphSha256 };
  if (manifest.cardSha256 && manifest.metadataSha256) Object.assign(expected, { [CARD_FILE]: manifest.cardSha256, [MONAI_FILE]: manifest.metadataSha256 });
  for (const m of manifest.models) expected[modelFile(m.sha256)] = m.sha256;
  for (const e of manifest.evaluations ?? []) expected[evaluationFile(e.id)] = e.sha256;
  if (canonicalJson(expected) !== canonicalJson(manifest.files)) {
    throw tampered(`${MANIFEST_FILE}: its file list disagrees with its graph and model hashes`, { file: MANIFEST_FILE, field: 'files' });
  }
  for (const file of Object.keys(expected).sort()) {
    if (!entries.has(file)) throw tampered(`${file} is listed in the manifest but missing from the bundle`, { file, problem: 'missing' });
  }
  for (const file of [...entries.keys()].sort()) {
    if (!(file in expected)) throw tampered(`${file} is not listed in the manifest`, { file, problem: 'unexpected' });
  }
  for (const m of manifest.models) {
    if (entries.get(modelFile(m.sha256))!.size !== m.size) throw tampered(`${modelFile(m.sha256)}: size differs from the manifest`, { file: modelFile(m.sha256), problem: 'size' });
  }
}

async function parseGraph(bytes: Uint8Array, manifest: BundleManifest): Promise<PipelineGraph> {
  const doc = parseJson(PIPELINE_FILE, bytes);
  assertGraphSize(doc);
  const parsed = PipelineGraphSchema.safeParse(doc);
  if (!parsed.success) throw invalid(`${PIPELINE_FILE} is not a studio.pipeline/v1 document`, { file: PIPELINE_FILE });
  const graph = parsed.data;
  const actual = await contentHash(graph);
  if (actual !== manifest.contentHash) {
    throw tampered(`the graph's content hash differs from the manifest's`, { file: MANIFEST_FILE, field: 'contentHash', expected: manifest.contentHash, actual });
  }
  const { missing } = resolveModelFiles(graph, () => undefined);
  if (missing.length) throw invalid(`${PIPELINE_FILE} references models by file name (${missing.join(', ')}), not by sha256`, { file: PIPELINE_FILE });
  const refs = [...new Set(modelRefsOf(graph).map((r) => r.sha256))].sort();
  const listed = manifest.models.map((m) => m.sha256).sort();
  if (canonicalJson(refs) !== canonicalJson(listed)) {
    throw invalid(`the manifest's models differ from the models the graph references`, { file: MANIFEST_FILE, field: 'models', referenced: refs.length, listed: listed.length });
  }
  return graph;
}

/** The model file is ONNX and its inputs, outputs and opsets are what the manifest says. */
function checkSignature(meta: BundleManifest['models'][number], bytes: Uint8Array): ModelSignature {
  const file = modelFile(meta.sha256);
  let sig;
  try {
    sig = readModelSignature(bytes, meta.sha256);
  } catch (e) {
    throw invalid(`${file} is not a readable ONNX model: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  const facts = (s: typeof sig) => canonicalJson({ inputs: s.inputs, outputs: s.outputs, opsets: s.opsets });
  if (facts(sig) !== facts(meta.signature)) throw tampered(`${file}: its signature differs from the manifest's`, { file: MANIFEST_FILE, model: meta.sha256, field: 'signature' });
  return sig;
}
