import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import { workspaces } from '../drizzle/schema';
import type { Executor } from '../workflows/contract';
import type { ServiceDeps } from './context';
import { createPipeline, getPipelineDetail, listPipelineDtos, validateWithModels } from './pipelines/service';
import { getRunDetail, listRunDtos, startRun } from './runs/service';
import { createScanFromBytes, listScanDtos, requireScan } from './scans/service';
import { listModelDtos, registerModelBytes, requireModel } from './models/service';
import type { Calibration } from '../domain/cost/calibration';
import { blobRecordFor } from './blobs/access-repo';
import { insertPipeline } from './pipelines/repo';
import { insertVersion } from './versions/repo';
import { recordBrowserRun } from './runs/browser-runs';
import { estimateGraph, setCalibrationSource } from './cost/service';
import { addRateCard, getRateCards, setBudget } from './cost/admin';
import { scopeOf } from './auth/scope';
import { createTestServices, segmentationGraph, testPrincipal } from './test-fixtures';
import { publishVersion, requireVersion } from './versions/service';

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);

/**
 * Workspaces do not see each other (another workspace's ids answer NOT_FOUND, lists leave them
 * out), and clinicians see only the scans and runs they started.
 */
describe('workspace isolation and own-results for clinicians (real PostgreSQL)', () => {
  let base: ServiceDeps & { close(): Promise<void> };
  const as = (role: 'clinician' | 'engineer' | 'admin', ws = 'ws_default', user?: string): ServiceDeps => ({ ...base, principal: testPrincipal(role, ws, user) });
  const idle: Executor = { name: 'embedded', start: async () => {}, wait: async () => ({ status: 'succeeded' }) as never, cancel: async () => {} };
  let versionId = '';
  let pipelineId = '';

  beforeAll(async () => {
    base = await createTestServices();
    base.executor = async () => idle;
    await base.db.insert(workspaces).values({ id: 'ws_b', name: 'B' });
    const eng = as('engineer');
    const { sha256 } = await registerModelBytes(eng, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    pipelineId = (await createPipeline(eng, { name: 'A seg', graph: segmentationGraph({ sha256 }, 'A seg') })).id;
    versionId = (await publishVersion(eng, { pipelineId, bump: 'major' })).id;
  });
  afterAll(async () => base?.close());

  const upload = (deps: ServiceDeps, name: string) => createScanFromBytes(deps, { name, files: [{ fileName: `${name}.nii.gz`, bytes: writeDemoScan({ size: 12 }) }] });

  it("another workspace's pipelines, versions and scans are NOT_FOUND and not listed", async () => {
    const other = as('admin', 'ws_b', 'u-b-admin');
    expect(await listPipelineDtos(other)).toEqual([]);
    expect(await codeOf(getPipelineDetail(other, pipelineId))).toBe('NOT_FOUND');
    expect(await codeOf(requireVersion(other, versionId))).toBe('NOT_FOUND');
    const scanA = await upload(as('engineer'), 'a-scan');
    expect(await codeOf(requireScan(other, scanA.id))).toBe('NOT_FOUND');
    expect((await listScanDtos(other)).map((s) => s.id)).not.toContain(scanA.id);
    // Nor can it run A's version on its own scan, or its version on A's scan.
    const scanB = await upload(other, 'b-scan');
    expect(await codeOf(startRun(other, { versionId, scanId: scanB.id }))).toBe('NOT_FOUND');
    expect((await listPipelineDtos(as('engineer'))).map((p) => p.name)).toEqual(['A seg']);
  });

  it('clinicians see their own scans and runs only; engineers see all of the workspace', async () => {
    const alice = as('clinician', 'ws_default', 'u-alice');
    const bob = as('clinician', 'ws_default', 'u-bob');
    const aliceScan = await upload(alice, 'alice');
    const bobScan = await upload(bob, 'bob');
    const { runId: aliceRun } = await startRun(alice, { versionId, scanId: aliceScan.id });
    const { runId: bobRun } = await startRun(bob, { versionId, scanId: bobScan.id });

    expect((await listRunDtos(alice)).map((r) => r.id)).toEqual([aliceRun]);
    expect(await codeOf(getRunDetail(alice, bobRun))).toBe('NOT_FOUND');
    expect(await codeOf(requireScan(alice, bobScan.id))).toBe('NOT_FOUND');
    expect(await codeOf(startRun(alice, { versionId, scanId: bobScan.id }))).toBe('NOT_FOUND');
    expect((await listScanDtos(alice)).map((s) => s.id)).toEqual([aliceScan.id]);

    const engineerSees = (await listRunDtos(as('engineer'))).map((r) => r.id);
    expect(engineerSees).toEqual(expect.arrayContaining([aliceRun, bobRun]));
    expect((await getRunDetail(as('engineer'), bobRun)).id).toBe(bobRun);
    expect(await listRunDtos(as('admin', 'ws_b', 'u-b-admin'))).toEqual([]);
  });
});

/**
 * Cross-workspace cases of issue 11 §2: browser runs, rate cards and models. A = the default
 * workspace, B = 'ws_b2', C = a fresh workspace 'ws_c2' that has done nothing yet.
 */
describe('security: browser runs, rate cards and models stay in their workspace (real PostgreSQL)', () => {
  let base: ServiceDeps & { close(): Promise<void> };
  const A = (role: 'clinician' | 'engineer' | 'admin' = 'engineer', user?: string) => ({ ...base, principal: testPrincipal(role, 'ws_default', user) });
  const B = (role: 'clinician' | 'engineer' | 'admin' = 'engineer', user?: string) => ({ ...base, principal: testPrincipal(role, 'ws_b2', user) });
  const C = (role: 'clinician' | 'engineer' | 'admin' = 'engineer') => ({ ...base, principal: testPrincipal(role, 'ws_c2') });
  const idle: Executor = { name: 'embedded', start: async () => {}, wait: async () => ({ status: 'succeeded' }) as never, cancel: async () => {} };
  let sha = '';
  let versionA = '';
  let scanA = '';

  beforeAll(async () => {
    base = await createTestServices();
    base.executor = async () => idle;
    setCalibrationSource(async () => FIXED_CALIBRATION);
    await base.db.insert(workspaces).values([{ id: 'ws_b2', name: 'B' }, { id: 'ws_c2', name: 'C' }]);
    sha = (await registerModelBytes(A(), { fileName: TISSUE_CLASSIFIER_FILE, name: 'A tissue', bytes: buildTissueClassifier() })).sha256;
    const pipelineId = (await createPipeline(A(), { name: 'A seg', graph: segmentationGraph({ sha256: sha }, 'A seg') })).id;
    versionA = (await publishVersion(A(), { pipelineId, bump: 'major' })).id;
    scanA = (await createScanFromBytes(A(), { name: 'a', files: [{ fileName: 'a.nii.gz', bytes: writeDemoScan({ size: 12 }) }] })).id;
  });
  afterAll(async () => base?.close());

  it("A's model is not listed, gettable, usable or downloadable in B until B registers the same bytes", async () => {
    expect((await listModelDtos(B())).map((m) => m.sha256)).not.toContain(sha);
    expect(await codeOf(requireModel(B(), sha))).toBe('NOT_FOUND');
    expect(await blobRecordFor(base.db, sha, scopeOf(B('admin')))).toBeNull();
    expect(await blobRecordFor(base.db, sha, scopeOf(A()))).not.toBeNull();
    // A pipeline in B naming A's model by hash: the model is missing there, publish refuses.
    const graph = segmentationGraph({ sha256: sha }, 'B seg');
    expect((await validateWithModels(B(), graph)).map((i) => [i.code, i.nodeId])).toContainEqual(['model-missing', 'model']);
    const pipelineB = (await createPipeline(B(), { name: 'B seg', graph })).id;
    expect(await codeOf(publishVersion(B(), { pipelineId: pipelineB, bump: 'major' }))).toBe('PIPELINE_INVALID');
    // A version of C pinning A's model (written behind the services' back) cannot start a run.
    const pl = await insertPipeline(base.db, { id: 'pl_c_forged', workspaceId: 'ws_c2', name: 'forged', draft: graph });
    const forged = await insertVersion(base.db, { id: 'pv_c_forged', pipelineId: pl.id, semver: '1.0.0', graph, contentHash: 'forged', pins: {} as never });
    const scanC = (await createScanFromBytes(C(), { name: 'c', files: [{ fileName: 'c.nii.gz', bytes: writeDemoScan({ size: 12 }) }] })).id;
    expect(await codeOf(startRun(C(), { versionId: forged.id, scanId: scanC }))).toBe('NOT_FOUND');

    // B registers the same bytes: a row for B with B's name; the bytes stay shared, A keeps its name.
    const mine = await registerModelBytes(B(), { fileName: 'other.onnx', name: 'B tissue', bytes: buildTissueClassifier() });
    expect(mine.sha256).toBe(sha);
    expect((await requireModel(B(), sha)).name).toBe('B tissue');
    expect((await requireModel(A(), sha)).name).toBe('A tissue');
    expect(await blobRecordFor(base.db, sha, scopeOf(B('admin')))).not.toBeNull();
    expect(await codeOf(publishVersion(B(), { pipelineId: pipelineB, bump: 'major' }))).toBe('resolved');
    expect((await listModelDtos(C())).map((m) => m.sha256)).toEqual([]);
  });

  it("B's browser run is in B's clinician's Runs list, never in A (nor its input file name)", async () => {
    await registerModelBytes(B(), { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    const pipelineB = (await createPipeline(B(), { name: 'B browser', graph: segmentationGraph({ sha256: sha }, 'B browser') })).id;
    const version = await requireVersion(B(), (await publishVersion(B(), { pipelineId: pipelineB, bump: 'major' })).id);
    const clinician = B('clinician', 'u-b-clinician');
    const { runId } = await recordBrowserRun(clinician, {
      versionId: version.id, inputSha256: 'cd'.repeat(32), inputName: 'b-patient-secret.nii.gz', format: 'nifti', status: 'succeeded',
      nodes: version.graph.nodes.map((n) => ({ nodeId: n.id, kind: n.kind, ms: 2, status: 'succeeded' as const })), runtime: 'browser-wasm',
    });
    expect((await listRunDtos(clinician)).map((r) => r.id)).toEqual([runId]);
    expect((await getRunDetail(clinician, runId)).scan.name).toContain('b-patient-secret');
    expect((await listRunDtos(B('admin'))).map((r) => r.id)).toContain(runId);
    expect((await listRunDtos(B('clinician', 'u-b-other'))).map((r) => r.id)).not.toContain(runId);
    for (const a of [A('admin'), A('engineer'), A('clinician')]) {
      expect((await listRunDtos(a)).map((r) => r.id)).not.toContain(runId);
      expect(await codeOf(getRunDetail(a, runId))).toBe('NOT_FOUND');
      expect(JSON.stringify(await listScanDtos(a))).not.toContain('b-patient-secret');
    }
    // A's version cannot be recorded from B.
    expect(await codeOf(recordBrowserRun(clinician, { versionId: versionA, inputSha256: 'cd'.repeat(32), inputName: 'x', format: 'nifti', status: 'succeeded', nodes: [], runtime: 'browser-wasm' }))).toBe('NOT_FOUND');
  });

  it("B's admin raising prices changes neither A's estimate nor A's budget decision", async () => {
    const estimateA = async () => (await estimateGraph(A(), (await requireVersion(A(), versionA)).graph, scanA)).estimate.total.price.totalNano;
    const before = await estimateA();
    const cardA = (await getRateCards(A())).current;
    expect(before).toBeGreaterThan(0);
    // A's user budget fits 3 runs at today's prices.
    const payer = A('engineer', 'u-a-payer');
    await setBudget(A('admin'), { workspaceId: 'ws_default', userId: 'u-a-payer', monthlyLimit: (3 * before) / 1e9 }, 'u-admin');

    const raised = await addRateCard(B('admin'), { rates: { cpuSecond: 1000, gbSecond: 1000, gbMonth: 1000, gbDownloaded: 1000 } }, 'u-b-admin');
    expect(await codeOf(startRun(payer, { versionId: versionA, scanId: scanA }))).toBe('resolved');
    expect((await estimateA()) / before).toBeLessThan(1.5);
    expect((await getRateCards(A())).current).toEqual(cardA);
    expect((await getRateCards(A())).versions.map((v) => v.id)).not.toContain(raised.id);
    expect((await getRateCards(B())).current.id).toBe(raised.id);
    // A new workspace starts from the default card, not from B's.
    expect((await getRateCards(C())).current).toMatchObject({ isDefault: true, id: cardA.id });
  });
});

/** Throughputs for estimates without benchmarking this machine (only relative prices matter here). */
const FIXED_CALIBRATION: Calibration = {
  ortCpuSecondsPerGflop: 0.05, ortCpuSecondsPerGB: 0.5, ortCallCpuSeconds: 0.001, ortWallPerCpu: 0.5, jsCpuSecondsPerGB: 1,
  inflateCpuSecondsPerGB: 2, deflateCpuSecondsPerGB: 4, deflateRatio: 0.2, baselineRssBytes: 200e6, measuredAt: '2026-01-01T00:00:00Z', host: 'test',
};
