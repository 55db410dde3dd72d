import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { writeDemoScan } from '../../demo/scan';
import { PipelineGraphSchema, type PipelineGraph } from '../../domain/graph/schema';
import type { ModelRef } from '../../domain/models/signature';
import { interpretGraph } from '../core/interpreter';
import type { Artifact } from '../core/kernel';
import { memoryContext, memoryInput } from '../core/memory-context';
import { readModelSignature } from '../core/onnx-signature';
import { lookupKernel } from '../core/registry';
import { CORPUS_DIR, needFiles } from '../../test/needs';
import { createServerRuntime } from '../server';
import { buildEdgeBundle, type ExportModel } from './bundle';
import type { BundleManifest } from './manifest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = CORPUS_DIR;
const corpus = needFiles(path.join(CORPUS, 'models/brainchop_meshnet_gwm_64cube.onnx'), path.join(CORPUS, 'models/t1_crop_256_uint8.nii.gz'));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const work = mkdtempSync(path.join(tmpdir(), 'edge-bundle-'));
const server = createServerRuntime({ intraOpNumThreads: 2 });
afterAll(async () => {
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

function exportModel(file: string, bytes: Uint8Array): ExportModel {
  const sha256 = sha(bytes);
  return { sha256, file, bytes, signature: readModelSignature(bytes, sha256) };
}

function loadGraph(name: string, edit?: (g: PipelineGraph) => void): PipelineGraph {
  const g = PipelineGraphSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'examples/pipelines', name), 'utf8')));
  edit?.(g);
  return g;
}

/** The server side: the embedded interpreter in this process on the onnxruntime-node worker pool. */
async function runInProcess(graph: PipelineGraph, scan: Uint8Array, models: ExportModel[]) {
  const { input, blobs } = await memoryInput('nifti', [{ name: 'scan.nii.gz', bytes: scan }]);
  const { context, artifacts } = memoryContext({
    runId: 'reference', input, blobs, inference: server,
    resolveModel: async (ref: ModelRef) => {
      const m = models.find((x) => ('file' in ref ? x.file === ref.file : x.sha256 === ref.sha256))!;
      return { sha256: m.sha256, bytes: async () => m.bytes, signature: m.signature };
    },
  });
  await interpretGraph(graph, { kernels: lookupKernel, context });
  return artifacts;
}

/** Unpack into an empty folder, install only what the bundle's package.json lists, run run.mjs. */
function unpackInstallRun(name: string, zip: Uint8Array, scan: Uint8Array) {
  const dir = path.join(work, name);
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_loglevel: 'error' };
  // The folder is outside the repository: nothing can resolve from the project's node_modules.
  const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, env, encoding: 'utf8' });
  expect(install.status, install.stderr).toBe(0);
  writeFileSync(path.join(work, `${name}.nii.gz`), scan);
  const run = spawnSync(process.execPath, ['run.mjs', path.join(work, `${name}.nii.gz`), path.join(dir, 'out')], { cwd: dir, encoding: 'utf8' });
  expect(run.status, run.stderr + run.stdout).toBe(0);
  return { dir, report: JSON.parse(run.stdout) as { outputs: (Artifact & { file: string })[] } };
}

const strip = (outs: Artifact[]) => outs.map(({ nodeId, name, mediaType, sha256, size, labelCounts }) => ({ nodeId, name, mediaType, sha256, size, labelCounts }));

describe('edge bundle: unpacked, installed from its own package.json, run with node run.mjs', () => {
  it('demo-tissue: same output files (sha256) and label counts as the in-process run', async () => {
    const model = exportModel(TISSUE_CLASSIFIER_FILE, buildTissueClassifier());
    const graph = loadGraph('demo-tissue.json');
    const { zip, manifest } = await buildEdgeBundle({ graph, version: '1.0.0', resolveModel: async (ref) => ('file' in ref && ref.file === model.file ? model : undefined) });
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(expect.arrayContaining(['manifest.json', 'package.json', 'run.mjs', 'index.html', 'runner.js', `models/${model.sha256}.onnx`]));
    const pkg = JSON.parse(new TextDecoder().decode(unzipSync(zip)['package.json']));
    expect(Object.keys(pkg.dependencies)).toContain('onnxruntime-node');
    const allowed = ['onnxruntime-node', 'fflate', 'fast-png', 'dicom-parser', 'dcmjs', 'jpeg-lossless-decoder-js', 'daikon'];
    expect(Object.keys(pkg.dependencies).every((d) => allowed.includes(d) || d.startsWith('@cornerstonejs/codec-'))).toBe(true);
    expect(manifest.pipeline.graph.nodes.find((n) => n.id === 'model')!.params.model).toEqual({ sha256: model.sha256 });
    expect(manifest.input).toEqual([{ node: 'input', format: 'nifti', description: 'one NIfTI-1 file (.nii or .nii.gz)' }]);

    const scan = writeDemoScan();
    const reference = await runInProcess(graph, scan, [model]);
    const { dir, report } = unpackInstallRun('demo', zip, scan);
    expect(report.outputs.map((o) => o.file).sort()).toEqual(['labels.nii.gz', 'overlay.png', 'report.json']);
    expect(strip(report.outputs)).toEqual(strip(reference));
    for (const o of report.outputs) expect(sha(new Uint8Array(readFileSync(path.join(dir, 'out', o.file))))).toBe(o.sha256);
    expect(Object.keys(reference.find((a) => a.labelCounts)!.labelCounts!).length).toBeGreaterThan(2);

    // A changed file is refused before anything runs.
    writeFileSync(path.join(dir, 'README.txt'), 'tampered');
    const tampered = spawnSync(process.execPath, ['run.mjs', path.join(work, 'demo.nii.gz'), path.join(dir, 'out2')], { cwd: dir, encoding: 'utf8' });
    expect(tampered.status).not.toBe(0);
    expect(tampered.stderr + tampered.stdout).toMatch(/README.txt: sha256 .* does not match the manifest/);
  });

  it.skipIf(!corpus.ok)(corpus.title('brain-gwm-64tiles (reference crop): same outputs and the reference label counts'), async () => {
    const file = 'brainchop_meshnet_gwm_64cube.onnx';
    const model = exportModel(file, new Uint8Array(readFileSync(path.join(CORPUS, 'models', file))));
    const graph = loadGraph('brain-gwm-64tiles.json', (g) => {
      g.nodes.find((n) => n.id === 'crop')!.params = { size: [64, 64, 64], offset: [96, 96, 96], center: false, padValue: 0 };
    });
    const { zip, manifest } = await buildEdgeBundle({ graph, version: 'unversioned', resolveModel: async (ref) => ('file' in ref && ref.file === file ? model : undefined) });
    expect((manifest as BundleManifest).models[0]).toMatchObject({ sha256: model.sha256, file });
    const scan = new Uint8Array(readFileSync(path.join(CORPUS, 'models/t1_crop_256_uint8.nii.gz')));
    const reference = await runInProcess(graph, scan, [model]);
    const { report } = unpackInstallRun('brain64', zip, scan);
    expect(strip(report.outputs)).toEqual(strip(reference));
    expect(report.outputs.find((o) => o.nodeId === 'labels-out')!.labelCounts).toEqual({ 0: 75224, 1: 109968, 2: 76952 });
  });
});
