import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, migrate } from '../../drizzle/client';
import { LocalBlobStore } from '../blobs/local-store';
import { listAuditPage } from '../audit/log';
import { browserScanId, recordBrowserRun } from './browser-runs';
import type { ServiceDeps } from '../context';
import { getPipelineDetail, listPipelineDtos } from '../pipelines/service';
import { getRunDetail, listRunDtos } from './service';
import { listScanDtos } from '../scans/service';
import { seedDemo } from '../seed';

const SHA = 'ab'.repeat(32);
/** Recorded without a principal: the system in the default workspace. */
const SCAN = browserScanId({ workspaceId: 'ws_default', ownerId: 'system' }, SHA);

/** Browser runs are recorded as metadata only: a blob-less scan row, node timings, an audit event. */
describe('recordBrowserRun (embedded PGlite)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'browser-runs-'));
  let deps: ServiceDeps;
  let versionId: string;
  let graphNodes: { id: string; kind: string }[];
  beforeAll(async () => {
    deps = { db: await createDb(undefined, { pgliteDir: path.join(dir, 'pglite') }), blobs: new LocalBlobStore(dir) };
    await migrate(deps.db);
    await seedDemo(deps, { corpusDir: path.join(dir, 'no-corpus') });
    const [demo] = await listPipelineDtos(deps);
    const detail = await getPipelineDetail(deps, demo!.id);
    versionId = detail.versions[0]!.id;
    graphNodes = detail.draft.nodes;
  }, 120_000);
  afterAll(async () => {
    await closeDb(deps.db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a succeeded browser run with its timings, no blobs, and audits it', async () => {
    const blobsBefore = (await listScanDtos(deps)).length;
    const nodes = graphNodes.map((n, i) => ({ nodeId: n.id, kind: n.kind, ms: 10 + i, status: 'succeeded' as const }));
    const { runId } = await recordBrowserRun(deps, {
      versionId, inputSha256: SHA, inputName: 'local.nii.gz', inputSize: 1234, format: 'nifti', status: 'succeeded',
      nodes, labelCounts: { '0': 5, '1': 7 }, runtime: 'browser-wasm',
    });
    const run = await getRunDetail(deps, runId);
    expect(run).toMatchObject({ status: 'succeeded', executor: 'browser', artifacts: [], scan: { id: SCAN, format: 'nifti' } });
    expect(run.nodes.map((n) => [n.status, n.ms])).toEqual(nodes.map((n) => ['succeeded', n.ms]));
    expect(Date.parse(run.finishedAt!) - Date.parse(run.startedAt!)).toBe(nodes.reduce((a, n) => a + n.ms, 0));
    expect((await listRunDtos(deps)).find((r) => r.id === runId)?.executor).toBe('browser');
    const scan = (await listScanDtos(deps)).find((s) => s.id === SCAN);
    expect(scan).toMatchObject({ fileCount: 0, sizeBytes: 1234 });
    expect((await listScanDtos(deps)).length).toBe(blobsBefore + 1);
    const { items } = await listAuditPage(deps, { limit: 1 });
    expect(items[0]).toMatchObject({ action: 'run.finished', objectId: runId, details: { executor: 'browser', inputSha256: SHA, labelCounts: { '0': 5, '1': 7 } } });
  });

  it('records a failed run (unreached nodes cancelled) and reuses the scan row of the same input', async () => {
    const [first] = graphNodes;
    const { runId } = await recordBrowserRun(deps, {
      versionId, inputSha256: SHA, inputName: 'again.nii.gz', format: 'nifti', status: 'failed',
      error: { code: 'INFERENCE_FAILED', message: 'boom' }, nodes: [{ nodeId: first!.id, kind: first!.kind, ms: 3, status: 'failed' }], runtime: 'browser-wasm',
    });
    const run = await getRunDetail(deps, runId);
    expect(run.error).toEqual({ code: 'INFERENCE_FAILED', message: 'boom' });
    expect(run.nodes.filter((n) => n.status === 'cancelled')).toHaveLength(graphNodes.length - 1);
    expect((await listScanDtos(deps)).filter((s) => s.id === SCAN)).toHaveLength(1);
  });

  it('refuses nodes that are not in the version and malformed hashes', async () => {
    await expect(recordBrowserRun(deps, { versionId, inputSha256: SHA, inputName: 'x', format: 'nifti', status: 'succeeded', nodes: [{ nodeId: 'nope', kind: 'input.nifti', ms: 1, status: 'succeeded' }], runtime: 'browser-wasm' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(recordBrowserRun(deps, { versionId, inputSha256: 'xyz', inputName: 'x', format: 'nifti', status: 'succeeded', nodes: [], runtime: 'browser-wasm' })).rejects.toThrow();
  });
});
