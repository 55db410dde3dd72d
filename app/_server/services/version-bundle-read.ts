import { createHash } from 'node:crypto';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { PipelineGraphSchema, type PipelineGraph } from '../../../domain/graph/schema';
import { canonicalJson } from '../../../domain/versioning/canonical';
import { contentHash } from '../../../domain/versioning/hash';
import { modelRefsOf } from '../../../domain/versioning/pins';
import { parseSemver } from '../../../domain/versioning/semver';
import { readModelSignature } from '../../../runtimes/core/onnx-signature';
import { ServiceError } from '../errors';
import { resolveModelFiles } from './model-refs';
import {
  BundleManifestSchema,
  DEFAULT_BUNDLE_LIMITS,
  DOCUMENT_MAX_BYTES,
  MANIFEST_FILE,
  modelFile,
  PIPELINE_FILE,
  type BundleLimits,
  type BundleManifest,
} from './version-bundle-format';

export interface VerifiedBundle {
  manifest: BundleManifest;
  graph: PipelineGraph;
  models: { meta: BundleManifest['models'][number]; bytes: Uint8Array }[];
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const invalid = (message: string, details: Record<string, unknown>) => new ServiceError('BUNDLE_INVALID', message, details);
const tampered = (message: string, details: Record<string, unknown>) => new ServiceError('BUNDLE_TAMPERED', message, details);

/**
 * Unpack and verify a version bundle without touching any store. Refuses, naming the file:
 * too big (UPLOAD_TOO_LARGE: the zip, or the sum of its declared uncompressed sizes, checked
 * before inflating; an entry whose data inflates past its declared size is cut there and then
 * fails its hash), not a bundle (BUNDLE_INVALID: no zip, no/invalid manifest or graph, models
 * the graph does not match), and any disagreement with the manifest (BUNDLE_TAMPERED: a file
 * missing, unexpected or with another sha256, a graph whose content hash differs, a model
 * whose signature differs).
 */
export async function readVersionBundle(bytes: Uint8Array, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<VerifiedBundle> {
  if (bytes.byteLength === 0) throw invalid('the bundle is empty (0 bytes)', {});
  if (bytes.byteLength > limits.bundleBytes) {
    throw new ServiceError('UPLOAD_TOO_LARGE', `the bundle is ${bytes.byteLength} bytes (limit ${limits.bundleBytes})`, { limitBytes: limits.bundleBytes });
  }
  const entries = unzipChecked(bytes, limits);
  const manifest = parseManifest(entries.get(MANIFEST_FILE));
  entries.delete(MANIFEST_FILE);
  checkInventory(manifest, entries);
  const graph = await parseGraph(entries.get(PIPELINE_FILE)!, manifest);
  const models = manifest.models.map((meta) => ({ meta, bytes: entries.get(modelFile(meta.sha256))! }));
  for (const m of models) checkSignature(m.meta, m.bytes);
  return { manifest, graph, models };
}

/** Declared sizes are checked in the filter, before fflate inflates the entry into a buffer of exactly that size. */
function unzipChecked(bytes: Uint8Array, limits: BundleLimits): Map<string, Uint8Array> {
  const seen = new Set<string>();
  let total = 0;
  const filter = (f: UnzipFileInfo) => {
    if (f.name.endsWith('/') && f.originalSize === 0) return false; // directory entry
    if (seen.has(f.name)) throw invalid(`the bundle holds ${f.name} twice`, { file: f.name });
    seen.add(f.name);
    if (seen.size > limits.entries) throw invalid(`the bundle has more than ${limits.entries} files`, { limit: limits.entries });
    if (f.compression !== 0 && f.compression !== 8) throw invalid(`${f.name}: unsupported zip compression ${f.compression}`, { file: f.name });
    total += f.originalSize;
    if (total > limits.totalBytes) {
      throw new ServiceError('UPLOAD_TOO_LARGE', `the bundle expands to more than ${limits.totalBytes} bytes (at ${f.name})`, { file: f.name, limitBytes: limits.totalBytes });
    }
    if ((f.name === MANIFEST_FILE || f.name === PIPELINE_FILE) && f.originalSize > DOCUMENT_MAX_BYTES) {
      throw invalid(`${f.name} is ${f.originalSize} bytes (limit ${DOCUMENT_MAX_BYTES})`, { file: f.name });
    }
    return true;
  };
  try {
    return new Map(Object.entries(unzipSync(bytes, { filter })));
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    throw invalid(`not a readable zip file: ${e instanceof Error ? e.message : String(e)}`, {});
  }
}

function parseJson(file: string, bytes: Uint8Array | undefined): unknown {
  if (!bytes) throw invalid(`the bundle has no ${file}`, { file });
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid(`${file} is not UTF-8 JSON`, { file });
  }
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

/** The manifest's own lists agree; the zip holds exactly the listed files, each with its sha256. */
function checkInventory(manifest: BundleManifest, entries: Map<string, Uint8Array>) {
  const expected: Record<string, string> = { [PIPELINE_FILE]: manifest.graphSha256 };
  for (const m of manifest.models) expected[modelFile(m.sha256)] = m.sha256;
  if (canonicalJson(expected) !== canonicalJson(manifest.files)) {
    throw tampered(`${MANIFEST_FILE}: its file list disagrees with its graph and model hashes`, { file: MANIFEST_FILE, field: 'files' });
  }
  for (const file of Object.keys(expected).sort()) {
    const data = entries.get(file);
    if (!data) throw tampered(`${file} is listed in the manifest but missing from the bundle`, { file, problem: 'missing' });
    const actual = sha256(data);
    if (actual !== expected[file]) throw tampered(`${file} does not match its sha256 in the manifest`, { file, problem: 'hash', expected: expected[file], actual });
  }
  for (const file of [...entries.keys()].sort()) {
    if (!(file in expected)) throw tampered(`${file} is not listed in the manifest`, { file, problem: 'unexpected' });
  }
  for (const m of manifest.models) {
    if (entries.get(modelFile(m.sha256))!.byteLength !== m.size) throw tampered(`${modelFile(m.sha256)}: size differs from the manifest`, { file: modelFile(m.sha256), problem: 'size' });
  }
}

async function parseGraph(bytes: Uint8Array, manifest: BundleManifest): Promise<PipelineGraph> {
  const parsed = PipelineGraphSchema.safeParse(parseJson(PIPELINE_FILE, bytes));
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
function checkSignature(meta: BundleManifest['models'][number], bytes: Uint8Array) {
  const file = modelFile(meta.sha256);
  let sig;
  try {
    sig = readModelSignature(bytes, meta.sha256);
  } catch (e) {
    throw invalid(`${file} is not a readable ONNX model: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  const facts = (s: typeof sig) => canonicalJson({ inputs: s.inputs, outputs: s.outputs, opsets: s.opsets });
  if (facts(sig) !== facts(meta.signature)) throw tampered(`${file}: its signature differs from the manifest's`, { file: MANIFEST_FILE, model: meta.sha256, field: 'signature' });
}
