import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs } from '../../drizzle/schema';
import { createEvalBed, demoPipeline, driveUntilEnded, phantomDataset, type EvalBed } from '../../test/eval-fixtures';
import { startTemporalServer, type TemporalTestServer } from '../../workflows/dev-server';
import { createTemporalExecutor } from '../../workflows/temporal-executor';
import type { Executor } from '../../workflows/contract';
import type { ServiceDeps } from '../context';
import { publishVersion } from '../versions/service';
import { evaluationTick, TEMPORAL_CONCURRENCY } from './driver';
import { listCases } from './repo';
import { startEvaluation } from './service';

/** On Temporal the driver keeps at most TEMPORAL_CONCURRENCY case runs in flight (the dev server, a worker in this process). */
let bed: EvalBed;
let server: TemporalTestServer;
let temporal: Executor & { close(): Promise<void> };
let svc: ServiceDeps;

beforeAll(async () => {
  [bed, server] = await Promise.all([createEvalBed(), startTemporalServer()]);
  temporal = createTemporalExecutor({ address: server.address, namespace: server.namespace, taskQueue: 'studio-eval', inProcessWorker: bed.runDeps });
  svc = { ...bed.svc, executor: async () => temporal };
}, 120_000);

afterAll(async () => {
  await temporal?.close();
  await server?.stop();
  await bed?.dispose();
});

describe('evaluations on Temporal', () => {
  it(`start ${TEMPORAL_CONCURRENCY} case runs at once, the next when one ends, each a Temporal run`, async () => {
    const dv = await phantomDataset(svc, 'temporal', [31, 32, 33, 34, 35], 24);
    const { id } = await publishVersion(svc, { pipelineId: (await demoPipeline(svc)).pipelineId, bump: 'major' });
    const { evaluation } = await startEvaluation(svc, { versionId: id, datasetVersionId: dv.id });
    await evaluationTick(svc);
    const first = await listCases(svc.db, evaluation.id);
    expect(first.filter((c) => c.runId)).toHaveLength(TEMPORAL_CONCURRENCY);
    expect(first.filter((c) => c.status === 'pending')).toHaveLength(5 - TEMPORAL_CONCURRENCY);
    expect((await driveUntilEnded(svc, evaluation.id, 120_000)).status).toBe('succeeded');
    const cases = await listCases(svc.db, evaluation.id);
    expect(cases.every((c) => c.status === 'succeeded')).toBe(true);
    for (const c of cases) expect((await svc.db.select({ executor: runs.executor }).from(runs).where(eq(runs.id, c.runId!)))[0].executor).toBe('temporal');
  }, 150_000);
});
