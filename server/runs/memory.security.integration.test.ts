import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Calibration } from '../../domain/cost/calibration';
import { auditEvents, costLedger, runs } from '../../drizzle/schema';
import { env } from '../env';
import { errorResponse } from '../errors';
import type { Executor } from '../../workflows/contract';
import { listScans } from '../scans/repo';
import { estimateGraph, setCalibrationSource } from '../cost/service';
import { listPipelineDtos } from '../pipelines/service';
import { startRun } from './service';
import { DEMO_PIPELINE, seedDemo } from '../seed';
import { createTestServices, type TestServices } from '../test-fixtures';
import { requireVersion } from '../versions/service';

/** Rates do not matter here: memory comes from shapes, not from the machine's speed. */
const CALIBRATION: Calibration = {
  ortCpuSecondsPerGflop: 0.01, ortCpuSecondsPerGB: 0.1, ortCallCpuSeconds: 0.001, ortWallPerCpu: 1, jsCpuSecondsPerGB: 1,
  inflateCpuSecondsPerGB: 1, deflateCpuSecondsPerGB: 1, deflateRatio: 0.1, baselineRssBytes: 1e8, measuredAt: '2026-01-01T00:00:00.000Z', host: 'test',
};

describe('security: a run whose estimated peak memory exceeds the per-run limit is refused before anything is written', () => {
  let deps: TestServices;
  let versionId: string;
  let scanId: string;
  const started: string[] = [];
  const saved = env.STUDIO_RUN_MEMORY_LIMIT_BYTES;
  const rows = async () => ({
    runs: (await deps.db.select({ n: count() }).from(runs))[0].n,
    ledger: (await deps.db.select({ n: count() }).from(costLedger))[0].n,
    started: (await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'run.started')))[0].n,
  });
  beforeAll(async () => {
    deps = await createTestServices();
    // An executor that only records what it was asked to start (no inference needed here).
    const executor = { name: 'embedded', start: async (r: { runId: string }) => void started.push(r.runId) } as unknown as Executor;
    deps.executor = async () => executor;
    setCalibrationSource(async () => CALIBRATION);
    await seedDemo(deps, { corpusDir: path.join(deps.blobs.root, 'no-corpus-here') });
    versionId = (await listPipelineDtos(deps)).find((p) => p.name === DEMO_PIPELINE)!.activeVersion!.id;
    scanId = (await listScans(deps.db))[0].id;
  }, 60_000);
  afterEach(() => {
    env.STUDIO_RUN_MEMORY_LIMIT_BYTES = saved;
  });
  afterAll(async () => deps?.close());

  it('estimates the demo run peak from live values: at least the volume in float32, below the sum of every value', async () => {
    const { estimate } = await estimateGraph(deps, (await requireVersion(deps, versionId)).graph, scanId);
    expect(estimate.peakMemory.peakBytes).toBeGreaterThan(128 ** 3 * 4);
    expect(estimate.peakMemory.atNodeId).not.toBe('');
  });

  it('refuses with 422 RUN_MEMORY_EXCEEDED, the estimate and the limit in details; no run, ledger (reservation) or audit row', async () => {
    env.STUDIO_RUN_MEMORY_LIMIT_BYTES = 1024 * 1024;
    const before = await rows();
    const err = await startRun(deps, { versionId, scanId }).catch((e: unknown) => e);
    const res = errorResponse(err);
    const body = (await res.json()) as { error: { code: string; details: { estimateBytes: number; limitBytes: number } } };
    expect([res.status, body.error.code]).toEqual([422, 'RUN_MEMORY_EXCEEDED']);
    expect(body.error.details.limitBytes).toBe(1024 * 1024);
    expect(body.error.details.estimateBytes).toBeGreaterThan(1024 * 1024);
    expect(await rows()).toEqual(before);
    expect(started).toEqual([]);
  });

  it('starts the same run under the default limit', async () => {
    const { runId } = await startRun(deps, { versionId, scanId });
    expect(started).toEqual([runId]);
  });
});
