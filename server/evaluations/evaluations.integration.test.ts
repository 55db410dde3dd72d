import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, runs } from '../../drizzle/schema';
import { labelMetrics } from '../../domain/evaluation/metrics';
import { createEvalBed, driveUntilEnded, phantomDataset, demoPipeline, type EvalBed } from '../../test/eval-fixtures';
import type { DatasetVersionRow } from '../datasets/repo';
import { insertDataset, insertDatasetVersion, listDatasetCases } from '../datasets/repo';
import { makeHeadPhantom } from '../../demo/phantom';
import { readNifti, writeNifti } from '../../runtimes/imaging/nifti';
import { publishVersion } from '../versions/service';
import { cancelEvaluation } from './cancel';
import { labelArtifact } from './case-metrics';
import { startEvaluationDriver, stopEvaluationDriver } from './driver';
import { CSV_HEADER, reportCsv } from './export';
import { getEvaluation, listCases } from './repo';
import { evaluationReport, startEvaluation } from './service';

/**
 * Evaluations on real PostgreSQL with the in-process executor: the demo tissue pipeline over
 * head phantoms whose references are their exact truth, so every case's metrics can be checked
 * against labelMetrics on the run's own output.
 */
let bed: EvalBed;
let dv: DatasetVersionRow;
let versionId: string;

beforeAll(async () => {
  bed = await createEvalBed();
  dv = await phantomDataset(bed.svc, 'phantoms', [11, 12, 13]);
  const { pipelineId } = await demoPipeline(bed.svc);
  versionId = (await publishVersion(bed.svc, { pipelineId, bump: 'major' })).id;
}, 120_000);

afterAll(async () => {
  await stopEvaluationDriver();
  await bed?.dispose();
});

const runRow = async (id: string) => (await bed.svc.db.select().from(runs).where(eq(runs.id, id)))[0];
const actions = async (objectId: string) => (await bed.svc.db.select().from(auditEvents).where(eq(auditEvents.objectId, objectId))).map((e) => e.action);

describe('evaluating a version over a dataset version', () => {
  let evaluationId: string;

  it('runs one case after another, scores each as labelMetrics does on its output, summarises and costs', async () => {
    const { evaluation, reused } = await startEvaluation(bed.svc, { versionId, datasetVersionId: dv.id, toleranceMm: 1 });
    expect(reused).toBe(false);
    evaluationId = evaluation.id;
    expect(evaluation).toMatchObject({ status: 'running', caseCount: 3, casesDone: 0 });
    let maxInFlight = 0;
    await vi.waitFor(
      async () => {
        const { evaluationTick } = await import('./driver');
        await evaluationTick(bed.svc);
        const cases = await listCases(bed.svc.db, evaluationId);
        maxInFlight = Math.max(maxInFlight, cases.filter((c) => c.status === 'running').length);
        expect((await getEvaluation(bed.svc.db, evaluationId))?.status).toBe('succeeded');
      },
      { timeout: 90_000, interval: 50 },
    );
    expect(maxInFlight).toBe(1); // the in-process executor: sequential

    const cases = await listCases(bed.svc.db, evaluationId);
    const refs = new Map((await listDatasetCases(bed.svc.db, dv.id)).map((c) => [c.caseKey, c]));
    let cost = 0;
    for (const c of cases) {
      expect(c.status).toBe('succeeded');
      const run = await runRow(c.runId!);
      expect(run).toMatchObject({ status: 'succeeded', pipelineVersionId: versionId, scanId: refs.get(c.caseKey)!.scanId });
      cost += run.actualCostNano ?? 0;
      const pred = readNifti(await bed.svc.blobs.read(labelArtifact(run.artifacts).sha256));
      const ref = readNifti(await bed.svc.blobs.read(refs.get(c.caseKey)!.referenceSha256));
      const direct = labelMetrics({ data: pred.data, dims: pred.geometry.dims, spacing: pred.geometry.spacing }, { data: ref.data, dims: ref.geometry.dims, spacing: ref.geometry.spacing }, [1, 2, 3, 4], { toleranceMm: 1 });
      expect(c.metrics).toEqual(direct);
      for (const m of c.metrics.filter((x) => x.label === 2 || x.label === 3)) expect(m.dice).toBeGreaterThan(0.5); // grey, white matter (40^3: thin CSF, scalp shells blur)
    }
    const e = (await getEvaluation(bed.svc.db, evaluationId))!;
    expect(cost).toBeGreaterThan(0);
    expect(e.costNano).toBe(cost);
    const white = e.summary!.find((l) => l.label === 3)!;
    expect(white.name).toBe('white matter');
    expect(white.metrics.dice.n).toBe(3);
    const dices = cases.map((c) => c.metrics.find((m) => m.label === 3)!.dice!);
    expect(white.metrics.dice.mean).toBeCloseTo(dices.reduce((a, b) => a + b, 0) / 3, 12);
    expect(await actions(evaluationId)).toEqual(['evaluation.started', 'evaluation.finished']);
    const runActions = await bed.svc.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'run.started'), inArray(auditEvents.objectId, cases.map((c) => c.runId!))));
    expect(runActions).toHaveLength(3);
  }, 120_000);

  it('reports cases worst-first and exports one CSV row per case x label x metric', async () => {
    const report = await evaluationReport(bed.svc, evaluationId);
    const means = report.cases.map((c) => c.meanDice!);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    expect(report.labels.map((l) => l.label)).toEqual([1, 2, 3, 4]);
    const lines = reportCsv(report).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines).toHaveLength(1 + 3 * 4 * 5);
    expect(lines.filter((l) => l.includes(',"white matter",') || l.includes(',white matter,'))).toHaveLength(15);
  });

  it('reuses a succeeded evaluation of identical content, dataset version and tolerance', async () => {
    const before = (await bed.svc.db.select().from(runs)).length;
    const again = await startEvaluation(bed.svc, { versionId, datasetVersionId: dv.id, toleranceMm: 1 });
    expect(again).toMatchObject({ reused: true, evaluation: { id: evaluationId, status: 'succeeded' } });
    expect((await bed.svc.db.select().from(runs)).length).toBe(before);
  });

  it('cancels mid-evaluation: the in-flight run is cancelled, the remaining cases too, audited', async () => {
    const { evaluation } = await startEvaluation(bed.svc, { versionId, datasetVersionId: dv.id, toleranceMm: 3 });
    const { evaluationTick } = await import('./driver');
    await evaluationTick(bed.svc); // starts the first case only
    const [first] = (await listCases(bed.svc.db, evaluation.id)).filter((c) => c.runId);
    expect(first.status).toBe('running');
    const done = await cancelEvaluation(bed.svc, evaluation.id);
    expect(done.status).toBe('cancelled');
    const cases = await listCases(bed.svc.db, evaluation.id);
    expect(cases.every((c) => c.status === 'cancelled')).toBe(true);
    expect(cases.filter((c) => c.runId)).toHaveLength(1);
    await vi.waitFor(async () => expect(['cancelled', 'succeeded']).toContain((await runRow(first.runId!)).status), { timeout: 30_000, interval: 50 });
    await evaluationTick(bed.svc); // a cancelled evaluation starts nothing more
    expect((await listCases(bed.svc.db, evaluation.id)).filter((c) => c.runId)).toHaveLength(1);
    expect(await actions(evaluation.id)).toEqual(['evaluation.started', 'evaluation.cancelled']);
    await expect(cancelEvaluation(bed.svc, evaluationId)).rejects.toMatchObject({ code: 'CONFLICT' }); // it succeeded
  }, 60_000);

  it('resumes after a restart: a new driver finishes what the stopped one started', async () => {
    const { evaluation } = await startEvaluation(bed.svc, { versionId, datasetVersionId: dv.id, toleranceMm: 2 });
    startEvaluationDriver(bed.svc, { intervalMs: 50 });
    await vi.waitFor(async () => expect((await listCases(bed.svc.db, evaluation.id)).some((c) => c.status === 'succeeded')).toBe(true), { timeout: 60_000, interval: 50 });
    await stopEvaluationDriver();
    const stopped = await listCases(bed.svc.db, evaluation.id);
    expect((await getEvaluation(bed.svc.db, evaluation.id))?.status).toBe('running');
    expect(stopped.some((c) => c.status !== 'succeeded')).toBe(true);
    startEvaluationDriver(bed.svc, { intervalMs: 50 });
    await vi.waitFor(async () => expect((await getEvaluation(bed.svc.db, evaluation.id))?.status).toBe('succeeded'), { timeout: 90_000, interval: 100 });
    await stopEvaluationDriver();
    const cases = await listCases(bed.svc.db, evaluation.id);
    expect(cases.every((c) => c.status === 'succeeded')).toBe(true);
    expect(new Set(cases.map((c) => c.runId)).size).toBe(3); // one run per case, none started twice
    expect(stopped.filter((c) => c.status === 'succeeded').every((s) => cases.find((c) => c.caseKey === s.caseKey)?.runId === s.runId)).toBe(true);
    const e = await driveUntilEnded(bed.svc, evaluation.id);
    expect(e.summary).toHaveLength(4);
  }, 180_000);

  it('fails a case whose output is not on the reference grid with a typed GRID_MISMATCH, not a crash', async () => {
    const [good] = await listDatasetCases(bed.svc.db, dv.id);
    const ref = await bed.svc.blobs.putBytes(writeNifti(makeHeadPhantom({ size: 44 }).labels, { gzip: true }));
    const ds = await insertDataset(bed.svc.db, { id: 'ds_mismatch', workspaceId: 'ws_default', name: 'mismatch' });
    const bad = await insertDatasetVersion(bed.svc.db, { id: 'dsv_mismatch', datasetId: ds.id, contentHash: 'mismatch', labelMapping: dv.labelMapping }, [
      { caseKey: 'other-grid', scanId: good.scanId, referenceFormat: 'nifti', referenceFiles: [], referenceSha256: ref.sha256 },
    ]);
    const { evaluation } = await startEvaluation(bed.svc, { versionId, datasetVersionId: bad.id });
    const e = await driveUntilEnded(bed.svc, evaluation.id);
    expect(e).toMatchObject({ status: 'failed', error: { code: 'NO_CASE_SCORED' }, summary: null });
    const [c] = await listCases(bed.svc.db, evaluation.id);
    expect(c).toMatchObject({ status: 'failed', error: { code: 'GRID_MISMATCH' } });
    expect((await runRow(c.runId!)).status).toBe('succeeded'); // the run itself was fine
  }, 60_000);
});
