import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { PipelineGraph } from '../../domain/graph/schema';
import { modelRefs, replaceModelRefs, type ModelRefSite } from '../../domain/models/refs';
import type { VersionCard } from '../../domain/cards/version-card';
import type { ModelRef, ModelSignature } from '../../domain/models/signature';
import { RuntimeError } from '../core/errors';
import { sha256HexSync as sha256 } from '../server/sha256';
import { buildRunners, installedVersion } from './build-runner';
import { checkTarget } from './compat';
import { projectRoot } from './project-root';
import { expectedInput, MANIFEST_SCHEMA, modelPath, type BundleManifest } from './manifest';
import { indexHtml, ORT_WEB_FILES, readme } from './static-files';

export interface ExportModel {
  sha256: string;
  file: string;
  bytes: Uint8Array;
  signature: ModelSignature;
}

/** Fixed zip timestamps: the same pipeline and models give the same bundle bytes. */
const MTIME = new Date('2000-01-01T00:00:00Z');
const text = (s: string) => new TextEncoder().encode(s);

function ortWebDist(): string {
  return path.join(/*turbopackIgnore: true*/ projectRoot(), 'node_modules', 'onnxruntime-web', 'dist');
}

/**
 * Pins every model ref (domain/models/refs.ts) to its sha256 and checks each model runs on the
 * edge target (refusing with the offending operators named, as publishing does).
 */
async function pinModels(graph: PipelineGraph, resolve: (ref: ModelRef) => Promise<ExportModel | undefined>) {
  const models = new Map<string, ExportModel>();
  const pinned = new Map<string, ModelRef>();
  const key = (s: ModelRefSite) => `${s.nodeId}/${s.param}`;
  for (const site of modelRefs(graph)) {
    const m = await resolve(site.ref);
    if (!m) throw new RuntimeError('MODEL_NOT_FOUND', `node ${site.nodeId}: model ${JSON.stringify(site.ref)} not found`);
    const compat = checkTarget(m.signature, 'edge-node');
    if (!compat.supported) {
      throw new RuntimeError('MODEL_INVALID', `node ${site.nodeId}: ${m.file} cannot run on edge-node: ${compat.offending.map((o) => o.reason).join('; ')}`, { offending: compat.offending });
    }
    models.set(m.sha256, m);
    pinned.set(key(site), { sha256: m.sha256 });
  }
  return { graph: replaceModelRefs(graph, (site) => pinned.get(key(site))), models: [...models.values()] };
}

/**
 * A self-contained edge bundle (zip): manifest.json, models/<sha>.onnx, package.json (exact
 * versions of only what run.mjs imports), run.mjs + runner.js (the project's interpreter and
 * kernels bundled by esbuild), index.html + web/ (onnxruntime-web wasm files), README.txt, and
 * card.json when the caller passes the version's card.
 */
export async function buildEdgeBundle(args: {
  graph: PipelineGraph;
  version: string;
  resolveModel: (ref: ModelRef) => Promise<ExportModel | undefined>;
  /** The version's pinned card, shipped as card.json (listed with its sha256 in manifest.files). */
  card?: VersionCard;
}): Promise<{ zip: Uint8Array; manifest: BundleManifest }> {
  const { graph, models } = await pinModels(args.graph, args.resolveModel);
  const runners = await buildRunners();
  const dependencies = Object.fromEntries(runners.packages.map((p) => [p, installedVersion(p)]));
  const pkg = { name: 'studio-edge-bundle', private: true, type: 'module', engines: { node: '>=20' }, scripts: { start: 'node run.mjs' }, dependencies };
  const files: Record<string, Uint8Array> = {
    'run.mjs': runners.nodeJs,
    'runner.js': runners.browserJs,
    'package.json': text(JSON.stringify(pkg, null, 2) + '\n'),
    // onnxruntime-node's postinstall fetches GPU libraries; the CPU build ships in the package.
    '.npmrc': text('onnxruntime-node-install=skip\n'),
  };
  for (const m of models) files[modelPath(m.sha256)] = m.bytes;
  if (args.card) files['card.json'] = text(JSON.stringify(args.card, null, 2) + '\n');
  for (const f of ORT_WEB_FILES) files[`web/${f}`] = new Uint8Array(readFileSync(path.join(ortWebDist(), f)));
  const manifest: BundleManifest = {
    schema: MANIFEST_SCHEMA,
    pipeline: { name: graph.name, version: args.version, graph },
    nodes: [...new Set(graph.nodes.map((n) => `${n.kind}@${n.version}`))].sort(),
    models: models.map((m) => ({ sha256: m.sha256, file: m.file, sizeBytes: m.bytes.byteLength, inputs: m.signature.inputs, outputs: m.signature.outputs })),
    input: expectedInput(graph),
    runtimes: { node: '>=20', 'onnxruntime-web': installedVersion('onnxruntime-web'), ...dependencies },
    files: {},
  };
  files['index.html'] = text(indexHtml(manifest));
  files['README.txt'] = text(readme(manifest));
  manifest.files = Object.fromEntries(Object.keys(files).sort().map((f) => [f, sha256(files[f])]));
  files['manifest.json'] = text(JSON.stringify(manifest, null, 2) + '\n');
  const zippable: Zippable = {};
  for (const f of Object.keys(files).sort()) zippable[f] = [files[f], { mtime: MTIME, level: f.endsWith('.onnx') || f.endsWith('.wasm') ? 6 : 9 }];
  return { zip: zipSync(zippable), manifest };
}
