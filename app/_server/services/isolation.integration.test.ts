import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../../../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../../demo/tissue-classifier';
import { workspaces } from '../../../drizzle/schema';
import type { Executor } from '../executors/types';
import type { ServiceDeps } from './context';
import { createPipeline, getPipelineDetail, listPipelineDtos } from './pipelines';
import { getRunDetail, listRunDtos, startRun } from './runs';
import { createScanFromBytes, listScanDtos, requireScan } from './scans';
import { registerModelBytes } from './models';
import { createTestServices, segmentationGraph, testPrincipal } from './test-fixtures';
import { publishVersion, requireVersion } from './versions';

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
