import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeDemoScan } from '../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import { PipelineGraphSchema } from '../domain/graph/schema';
import { sha256HexSync } from '../runtimes/server/sha256';
import { env } from './env';
import { findPipelineByName } from './pipelines/repo';
import { findScanByFile } from './scans/repo';
import { listVersions } from './versions/repo';
import type { ServiceDeps } from './context';
import { registerModelBytes, registerModelFile } from './models/service';
import { createPipeline } from './pipelines/service';
import { processServices } from './process';
import { createScanFromBytes } from './scans/service';
import { publishVersion } from './versions/service';

export const DEMO_PIPELINE = 'Demo: head phantom tissue classes';
export const BRAIN_256_PIPELINE = 'Brain MRI grey/white matter segmentation';
export const BRAIN_64_PIPELINE = 'Brain MRI grey/white matter segmentation (64^3 tiles)';

const EXAMPLES = path.resolve('examples', 'pipelines');
const T1_FILE = 't1_crop_256_uint8.nii.gz';
export const CT_PIPELINE = 'CT bone (HU threshold)';
const CT_SERIES = path.join('dicom', 'ct_series_seg');
// Seeded in this order so the pipelines list (newest first) opens on the whole-volume brain
// pipeline, not on the 64^3-tile variant that takes minutes.
const BRAIN_PIPELINES = [
  [BRAIN_64_PIPELINE, 'brain-gwm-64tiles.json', 'brainchop_meshnet_gwm_64cube.onnx'],
  [BRAIN_256_PIPELINE, 'brain-gwm-256.json', 'niivue_meshnet_gwm_256.onnx'],
] as const;

/** A scan from files unless one holding the first of exactly these bytes exists. */
async function ensureScan(deps: ServiceDeps, name: string, files: { fileName: string; bytes: Uint8Array }[]) {
  return (await findScanByFile(deps.db, sha256HexSync(files[0].bytes))) ?? createScanFromBytes(deps, { name, files });
}

/**
 * The pipeline of an example file under `name` (model refs stay file names in the draft,
 * publish pins them to sha256), published as 1.0.0 once. Existing pipelines are left alone:
 * the user may have edited them since.
 */
async function ensurePipeline(deps: ServiceDeps, name: string, exampleFile: string) {
  const existing = await findPipelineByName(deps.db, name);
  const id =
    existing?.id ??
    (await (async () => {
      const graph = PipelineGraphSchema.parse(JSON.parse(await readFile(path.join(EXAMPLES, exampleFile), 'utf8')));
      return (await createPipeline(deps, { name, description: graph.description, graph: { ...graph, name } })).id;
    })());
  if ((await listVersions(deps.db, id)).length === 0) await publishVersion(deps, { pipelineId: id, bump: 'major', notes: 'Seeded demo version' });
  return id;
}

async function seed(deps: ServiceDeps, corpusDir: string) {
  await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, name: 'Demo tissue classifier', bytes: buildTissueClassifier() });
  await ensureScan(deps, 'Demo head phantom', [{ fileName: 'head-phantom.nii.gz', bytes: writeDemoScan() }]);
  const pipelines = [await ensurePipeline(deps, DEMO_PIPELINE, 'demo-tissue.json')];

  const models = path.join(corpusDir, 'models');
  const t1 = path.join(models, T1_FILE);
  if (existsSync(t1)) await ensureScan(deps, 'T1 brain MRI (256^3, 1 mm)', [{ fileName: T1_FILE, bytes: new Uint8Array(await readFile(t1)) }]);
  const ct = path.join(corpusDir, CT_SERIES);
  for (const [name, example, modelFile] of BRAIN_PIPELINES) {
    const modelPath = path.join(models, modelFile);
    if (!existsSync(modelPath)) continue; // no corpus on this machine: demo only
    await registerModelFile(deps, { path: modelPath });
    pipelines.push(await ensurePipeline(deps, name, example));
    // The CT pipeline (no model) goes between the two brain pipelines in the list.
    if (name === BRAIN_64_PIPELINE && existsSync(ct)) {
      const files = (await readdir(ct)).filter((f) => f.startsWith('ct_') && f.endsWith('.dcm')).sort();
      await ensureScan(deps, 'Liver CT (3 slices of 512x512)', await Promise.all(files.map(async (f) => ({ fileName: f, bytes: new Uint8Array(await readFile(path.join(ct, f))) }))));
      pipelines.push(await ensurePipeline(deps, CT_PIPELINE, 'ct-bone-threshold.json'));
    }
  }
  return { pipelineIds: pipelines };
}

const g = globalThis as { __studioSeed?: Promise<{ pipelineIds: string[] }> };

/**
 * Idempotent demo content: the generated tissue-classifier model and head phantom with their
 * pipeline, and, when the corpus is present, the real brain models, the T1 scan and both brain
 * pipelines. Without `deps` it seeds this process's database, once per process (concurrent
 * page loads at start-up share one run; a failed run is retried on the next call).
 */
export function seedDemo(deps?: ServiceDeps, opts: { corpusDir?: string } = {}): Promise<{ pipelineIds: string[] }> {
  const corpusDir = path.resolve(/*turbopackIgnore: true*/ opts.corpusDir ?? env.STUDIO_CORPUS_DIR);
  if (deps) return seed(deps, corpusDir);
  return (g.__studioSeed ??= processServices()
    .then((services) => seed(services, corpusDir))
    .catch((e) => {
      g.__studioSeed = undefined;
      throw e;
    }));
}
