import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeDemoScan } from '../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import { PipelineGraphSchema, type PipelineGraph } from '../domain/graph/schema';
import { onnx } from '../runtimes/core/onnx-proto';
import { env } from '../server/env';
import type { ServiceDeps } from '../server/context';
import { registerModelBytes, registerModelFile } from '../server/models/service';
import { createPipeline } from '../server/pipelines/service';
import { createScanFromBytes } from '../server/scans/service';
import { publishVersion } from '../server/versions/service';
import { needFiles } from './needs';

/**
 * Test material shared by the workflow and CLI integration tests: the generated demo (always
 * available) and the real brain MRI corpus (../shared/data: tests name it when missing, CI fails).
 */
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const corpusDir = path.resolve(repoRoot, env.STUDIO_CORPUS_DIR);
export const corpusModels = path.join(corpusDir, 'models');
export const corpusT1 = path.join(corpusModels, 't1_crop_256_uint8.nii.gz');
/** The T1 and the 64^3 brainchop model (test/needs.ts: an error under CI=true when missing). */
export const BRAIN_CORPUS = needFiles(corpusT1, path.join(corpusModels, 'brainchop_meshnet_gwm_64cube.onnx'));
export const hasCorpus = BRAIN_CORPUS.ok;

export async function readExample(name: string): Promise<PipelineGraph> {
  return PipelineGraphSchema.parse(JSON.parse(await readFile(path.join(repoRoot, 'examples', 'pipelines', name), 'utf8')));
}

/** A graph with some node params replaced (like the CLI's --set). */
export function withParams(graph: PipelineGraph, params: Record<string, Record<string, unknown>>): PipelineGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (params[n.id] ? { ...n, params: { ...n.params, ...params[n.id] } } : n)) };
}

export interface Prepared {
  graph: PipelineGraph;
  versionId: string;
  scanId: string;
}

export async function publish(svc: ServiceDeps, graph: PipelineGraph, scanId: string): Promise<Prepared> {
  const { id } = await createPipeline(svc, { name: graph.name, description: graph.description, graph });
  const v = await publishVersion(svc, { pipelineId: id, bump: 'minor', notes: 'integration test' });
  const { getVersion } = await import('../server/versions/repo');
  return { graph: (await getVersion(svc.db, v.id))!.graph, versionId: v.id, scanId };
}

/** The demo: synthetic head phantom (size^3) + the generated tissue classifier. */
export async function prepareDemo(svc: ServiceDeps, opts: { size?: number } = {}): Promise<Prepared> {
  await registerModelBytes(svc, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
  const scan = await createScanFromBytes(svc, { files: [{ fileName: 'demo-head.nii.gz', bytes: writeDemoScan({ size: opts.size }) }] });
  return publish(svc, await readExample('demo-tissue.json'), scan.id);
}

/** The brainchop 64^3 model on the reference crop [96,160)^3 of the real T1 (one tile). */
export async function prepareBrainCrop(svc: ServiceDeps): Promise<Prepared> {
  await registerModelFile(svc, { path: path.join(corpusModels, 'brainchop_meshnet_gwm_64cube.onnx') });
  const scan = await createScanFromBytes(svc, { files: [{ fileName: 't1_crop_256_uint8.nii.gz', bytes: new Uint8Array(await readFile(corpusT1)) }] });
  const graph = withParams(await readExample('brain-gwm-64tiles.json'), { crop: { offset: [96, 96, 96], size: [64, 64, 64] } });
  return publish(svc, graph, scan.id);
}

/** A model with a fixed input [1,1,n,n,n] (Identity): feeding it anything else is a shape mismatch. */
export function buildFixedShapeModel(n: number): Uint8Array {
  const info = (name: string) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [1, 1, n, n, n].map((d) => ({ dimValue: d })) } } },
  });
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'studio-tests',
    graph: { name: 'fixed', input: [info('input')], output: [info('output')], node: [{ opType: 'Identity', input: ['input'], output: ['output'] }] },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}
