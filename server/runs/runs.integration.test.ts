import { needFiles } from '../../test/needs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env';
import { createRunDepsFor } from './deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import type { Executor, RunDeps } from '../../workflows/contract';
import { listModels } from '../models/repo';
import { listScans } from '../scans/repo';
import { listPipelineDtos } from '../pipelines/service';
import { getRunDetail, listRunDtos, startRun } from './service';
import { BRAIN_256_PIPELINE, BRAIN_64_PIPELINE, CT_PIPELINE, DEMO_PIPELINE, seedDemo } from '../seed';
import { createTestServices, type TestServices } from '../test-fixtures';

const CORPUS = path.resolve(env.STUDIO_CORPUS_DIR);
const BRAIN = needFiles(path.join(CORPUS, 'models', 'niivue_meshnet_gwm_256.onnx'));

describe('seed and runs (real PostgreSQL, embedded executor)', () => {
  let deps: TestServices;
  let runDeps: RunDeps;
  let executor: Executor;
  beforeAll(async () => {
    deps = await createTestServices();
    runDeps = createRunDepsFor(deps.db, deps.blobs);
    executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
  });
  afterAll(async () => {
    await runDeps?.inference.dispose();
    await deps?.close();
  });

  it('seeds the demo idempotently (no corpus): one model, one scan, one published pipeline', async () => {
    await seedDemo(deps, { corpusDir: path.join(deps.blobs.root, 'no-corpus-here') });
    await seedDemo(deps, { corpusDir: path.join(deps.blobs.root, 'no-corpus-here') });
    expect(await listModels(deps.db, 'ws_default')).toHaveLength(1);
    expect(await listScans(deps.db)).toHaveLength(1);
    const pipelines = await listPipelineDtos(deps);
    expect(pipelines.map((p) => [p.name, p.activeVersion?.semver, p.versionCount])).toEqual([[DEMO_PIPELINE, '1.0.0', 1]]);
  });

  it('runs the demo version on the demo scan: every node row succeeds, label artifacts recorded', async () => {
    const demo = (await listPipelineDtos(deps)).find((p) => p.name === DEMO_PIPELINE)!;
    const [scan] = await listScans(deps.db);
    const { runId } = await startRun(deps, { versionId: demo.activeVersion!.id, scanId: scan.id });
    const queued = await getRunDetail(deps, runId);
    expect(queued.nodes.length).toBeGreaterThan(3);
    expect(queued.nodes.every((n) => ['pending', 'running', 'succeeded'].includes(n.status))).toBe(true);

    const result = await executor.wait(runId);
    expect(result.error).toBeNull();
    const run = await getRunDetail(deps, runId);
    expect(run).toMatchObject({ status: 'succeeded', executor: 'embedded', pipelineName: DEMO_PIPELINE, semver: '1.0.0', error: null });
    expect(run.nodes.every((n) => n.status === 'succeeded' && n.attempts === 1 && typeof n.ms === 'number')).toBe(true);
    expect(run.nodes[0].kind).toBe('input.nifti'); // execution order
    const labels = run.artifacts.find((a) => a.name.endsWith('.nii.gz'))!;
    expect(Object.values(labels.labelCounts!).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await deps.blobs.has(labels.sha256)).toBe(true);
    expect((await listRunDtos(deps)).map((r) => r.id)).toContain(runId);
  });

  it('refuses unknown versions and scans with NOT_FOUND', async () => {
    const [scan] = await listScans(deps.db);
    await expect(startRun(deps, { versionId: 'pv_nope', scanId: scan.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getRunDetail(deps, 'run_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  const corpusCase = 'seeds the brain models, T1 scan and both brain pipelines from the corpus';
  it.runIf(BRAIN.ok)(BRAIN.title(corpusCase), async () => {
    await seedDemo(deps, { corpusDir: CORPUS });
    await seedDemo(deps, { corpusDir: CORPUS });
    const names = (await listPipelineDtos(deps)).map((p) => [p.name, p.activeVersion?.semver]);
    // newest first: the whole-volume brain pipeline opens the list, the 64^3-tile variant (minutes) does not
    expect(names).toEqual([[BRAIN_256_PIPELINE, '1.0.0'], [CT_PIPELINE, '1.0.0'], [BRAIN_64_PIPELINE, '1.0.0'], [DEMO_PIPELINE, '1.0.0']]);
    expect(await listModels(deps.db, 'ws_default')).toHaveLength(3);
    const scans = await listScans(deps.db);
    expect(scans.map((s) => s.name)).toEqual(expect.arrayContaining(['T1 brain MRI (256^3, 1 mm)', 'Liver CT (3 slices of 512x512)']));
    // the seeded CT pipeline runs on the seeded CT series and writes a SEG in its study
    const ctPipeline = (await listPipelineDtos(deps)).find((p) => p.name === CT_PIPELINE)!;
    const ct = scans.find((s) => s.name.startsWith('Liver CT'))!;
    const { runId } = await startRun(deps, { versionId: ctPipeline.activeVersion!.id, scanId: ct.id });
    const result = await executor.wait(runId);
    expect(result.error).toBeNull();
    const seg = result.artifacts.find((a) => a.mediaType === 'application/dicom');
    expect(seg?.size).toBeGreaterThan(0);
    expect(result.artifacts.find((a) => a.labelCounts)?.labelCounts?.['1']).toBeGreaterThan(1000); // bone voxels
  });
});
