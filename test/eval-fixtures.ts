import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi, expect } from 'vitest';
import { makeHeadPhantom } from '../demo/phantom';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';
import type { PipelineGraph } from '../domain/graph/schema';
import { createServerRuntime, type ServerRuntime } from '../runtimes/server';
import { writeNifti } from '../runtimes/imaging/nifti';
import { LocalBlobStore } from '../server/blobs/local-store';
import type { ServiceDeps } from '../server/context';
import { insertDataset, insertDatasetVersion, type DatasetVersionRow } from '../server/datasets/repo';
import { evaluationTick } from '../server/evaluations/driver';
import { getEvaluation } from '../server/evaluations/repo';
import { registerModelBytes } from '../server/models/service';
import { createPipeline, saveDraft } from '../server/pipelines/service';
import { createRunDepsFor } from '../server/runs/deps';
import { createScanFromBytes } from '../server/scans/service';
import { createEmbeddedExecutor } from '../workflows/embedded';
import type { RunDeps } from '../workflows/contract';
import { readExample, withParams } from './material';

/**
 * Evaluation test material: the demo tissue pipeline and a dataset of head phantoms (different
 * noise seeds) whose references are the phantoms' exact truth, on the scan grid. Tissue values
 * 1..4 of the truth map to pipeline labels 1..4.
 */
export const PHANTOM_LABELS = { entries: [1, 2, 3, 4].map((v) => ({ reference: v, label: v })), names: { '1': 'CSF', '2': 'grey matter', '3': 'white matter', '4': 'scalp' } };

export interface EvalBed {
  tdb: TestDatabase;
  svc: ServiceDeps;
  /** What executors run with (the in-process one in `svc`, or a Temporal worker in a test). */
  runDeps: RunDeps;
  inference: ServerRuntime;
  dispose(): Promise<void>;
}

export async function createEvalBed(): Promise<EvalBed> {
  const tdb = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-eval-'));
  const inference = createServerRuntime({ size: 1, intraOpNumThreads: 2 });
  const blobs = new LocalBlobStore(dataDir);
  const runDeps = createRunDepsFor(tdb.db, blobs, inference);
  const executor = createEmbeddedExecutor(runDeps);
  const svc: ServiceDeps = { db: tdb.db, blobs, executor: async () => executor };
  await registerModelBytes(svc, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
  return {
    tdb,
    svc,
    runDeps,
    inference,
    async dispose() {
      await inference.dispose();
      await tdb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A dataset version of `seeds.length` phantoms of `size`^3, each with its exact truth as reference. */
export async function phantomDataset(svc: ServiceDeps, name: string, seeds: number[], size = 40): Promise<DatasetVersionRow> {
  const cases = [];
  for (const seed of seeds) {
    const p = makeHeadPhantom({ size, seed });
    const scan = await createScanFromBytes(svc, { files: [{ fileName: `phantom-${seed}.nii.gz`, bytes: writeNifti(p.volume, { gzip: true }) }] });
    const ref = await svc.blobs.putBytes(writeNifti(p.labels, { gzip: true }));
    cases.push({ caseKey: `phantom-${seed}`, scanId: scan.id, referenceFormat: 'nifti' as const, referenceFiles: [{ sha256: ref.sha256, name: 'truth.nii.gz', size: ref.size }], referenceSha256: ref.sha256 });
  }
  const dataset = await insertDataset(svc.db, { id: `ds_${name}`, workspaceId: 'ws_default', name });
  return insertDatasetVersion(svc.db, { id: `dsv_${name}`, datasetId: dataset.id, contentHash: `hash-${name}`, labelMapping: PHANTOM_LABELS }, cases);
}

/** The demo tissue pipeline, its draft optionally with changed params (a different content hash). */
export async function demoPipeline(svc: ServiceDeps, params: Record<string, Record<string, unknown>> = {}): Promise<{ pipelineId: string; graph: PipelineGraph }> {
  const graph = withParams(await readExample('demo-tissue.json'), params);
  const { id } = await createPipeline(svc, { name: graph.name, description: graph.description, graph });
  return { pipelineId: id, graph };
}

export async function setDraft(svc: ServiceDeps, pipelineId: string, params: Record<string, Record<string, unknown>>) {
  await saveDraft(svc, { id: pipelineId, graph: withParams(await readExample('demo-tissue.json'), params) });
}

/** Drives evaluations with explicit ticks until `id` has ended (bounded). */
export async function driveUntilEnded(svc: ServiceDeps, id: string, timeout = 90_000) {
  await vi.waitFor(
    async () => {
      await evaluationTick(svc);
      expect(['succeeded', 'failed', 'cancelled']).toContain((await getEvaluation(svc.db, id))?.status);
    },
    { timeout, interval: 50 },
  );
  return (await getEvaluation(svc.db, id))!;
}
