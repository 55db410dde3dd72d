// `costEstimateVsActual` section of `npm run bench`: the demo pipelines run end to end through
// the services (embedded executor, on a private PGlite database and blob store), each run
// priced by the ledger from measured CPU / wall / RSS; reported against the estimate the run
// started with. The calibration is measured here, on this machine, before the runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createRunDepsFor } from '../server/runs/deps';
import { createEmbeddedExecutor } from '../workflows/embedded';
import { LocalBlobStore } from '../server/blobs/local-store';
import { env } from '../server/env';
import { listScans } from '../server/scans/repo';
import type { ServiceDeps } from '../server/context';
import { setCalibrationSource } from '../server/cost/service';
import { measureCalibration } from '../server/cost/calibration';
import { runCost } from '../server/cost/summary';
import { createPipeline, listPipelineDtos } from '../server/pipelines/service';
import { startRun } from '../server/runs/service';
import { BRAIN_64_PIPELINE, DEMO_PIPELINE, seedDemo } from '../server/seed';
import { publishVersion } from '../server/versions/service';
import { requireVersion } from '../server/versions/service';
import { closeDb, createDb, migrate } from '../drizzle/client';
import { pipelines } from '../drizzle/schema';
import { createServerRuntime } from '../runtimes/server';
import { preCropPad } from '../domain/nodes/pre.crop-pad.node';

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The 64^3-tile brain pipeline on a 128^3 crop of the T1 (8 tiles: the whole 256^3 is 64 tiles, minutes per run on 2 cores). */
async function brainTiles8(deps: ServiceDeps): Promise<string | undefined> {
  const brain = (await listPipelineDtos(deps)).find((p) => p.name === BRAIN_64_PIPELINE);
  if (!brain?.activeVersion) return undefined;
  const graph = (await requireVersion(deps, brain.activeVersion.id)).graph;
  const nodes = graph.nodes.map((n) => (n.kind === preCropPad.kind ? { ...n, params: { ...n.params, size: [128, 128, 128], offset: [64, 64, 64] } } : n));
  const p = await createPipeline(deps, { name: `${BRAIN_64_PIPELINE}, 128^3 crop`, graph: { ...graph, name: 'tiles8', nodes } });
  const v = await publishVersion(deps, { pipelineId: p.id, bump: 'major' });
  const [row] = await deps.db.select().from(pipelines).where(eq(pipelines.id, p.id));
  return row.activeVersionId ?? v.id;
}

export async function costBench(log: (...a: unknown[]) => void, runs = 3) {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-cost-bench-'));
  const db = await createDb(undefined, { pgliteDir: path.join(dir, 'db') });
  const runtime = createServerRuntime({ intraOpNumThreads: env.ORT_THREADS, size: 1 });
  try {
    await migrate(db);
    const deps: ServiceDeps = { db, blobs: new LocalBlobStore(path.join(dir, 'blobs')) };
    const runDeps = createRunDepsFor(db, deps.blobs, runtime);
    const executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
    log('cost: calibrating on this machine');
    const calibration = await measureCalibration(runtime);
    setCalibrationSource(async () => calibration);
    const corpusDir = path.resolve(env.STUDIO_CORPUS_DIR);
    await seedDemo(deps, { corpusDir });
    const scans = await listScans(db);
    const phantom = scans.find((s) => s.name.startsWith('Demo head phantom'))!;
    const t1 = scans.find((s) => s.name.startsWith('T1'));
    const demo = (await listPipelineDtos(deps)).find((p) => p.name === DEMO_PIPELINE)!.activeVersion!.id;
    const cases: { name: string; versionId: string; scanId: string }[] = [{ name: 'demo-tissue (phantom 128^3)', versionId: demo, scanId: phantom.id }];
    const tiles = t1 && existsSync(path.join(corpusDir, 'models')) ? await brainTiles8(deps) : undefined;
    if (tiles && t1) cases.push({ name: 'brain-gwm-64tiles (T1 128^3 crop, 8 tiles)', versionId: tiles, scanId: t1.id });

    const results = [];
    for (const c of cases) {
      const one = async () => {
        const { runId } = await startRun(deps, { versionId: c.versionId, scanId: c.scanId });
        const r = await executor.wait(runId);
        if (r.status !== 'succeeded') throw new Error(`${c.name}: run ${r.status}: ${r.error?.message}`);
        return runCost(deps, runId);
      };
      const cold = await one(); // first run: session creation included
      const warm = [];
      for (let i = 0; i < runs; i++) warm.push(await one());
      const ratios = warm.map((w) => w.ratio!);
      const cpuRatio = (w: typeof cold) => {
        const est = w.nodes.reduce((a, n) => a + (n.estimateCpuSeconds ?? 0), 0);
        const act = w.nodes.reduce((a, n) => a + (n.cpuSeconds ?? 0), 0);
        return act / est;
      };
      const last = warm[warm.length - 1];
      results.push({
        pipeline: c.name,
        runs,
        estimateNano: last.estimateNano,
        actualNanoMedian: median(warm.map((w) => w.actualNano!)),
        actualOverEstimate: ratios.map((x) => round(x)),
        actualOverEstimateMedian: round(median(ratios)),
        cpuActualOverEstimateMedian: round(median(warm.map(cpuRatio))),
        coldRunActualOverEstimate: round(cold.ratio!),
        perNode: last.nodes.map((n) => ({
          node: n.nodeId,
          estimateNano: n.estimateNano,
          actualNano: n.actualNano,
          cpuSecondsEstimate: n.estimateCpuSeconds === null ? null : round(n.estimateCpuSeconds, 4),
          cpuSeconds: n.cpuSeconds === null ? null : round(n.cpuSeconds, 4),
        })),
        withinFactor2: ratios.every((x) => x >= 0.5 && x <= 2),
      });
      log(`cost: ${c.name}: actual/estimate ${ratios.map((x) => round(x)).join(', ')} (cold ${round(cold.ratio!)})`);
    }
    return {
      target: { minRatio: 0.5, maxRatio: 2 },
      corpus: cases.length > 1,
      ...(cases.length > 1 ? {} : { note: 'corpus missing: demo pipeline only' }),
      calibration: Object.fromEntries(Object.entries(calibration).map(([k, v]) => [k, typeof v === 'number' ? round(v, 6) : v])),
      pipelines: results,
    };
  } finally {
    await runtime.dispose();
    await closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
