import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, budgetAlerts, costLedger, runNodes, runs } from '../../drizzle/schema';
import type { Calibration } from '../../domain/cost/calibration';
import { createRunDepsFor } from '../runs/deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import type { Executor, RunDeps } from '../../workflows/contract';
import { listScans } from '../scans/repo';
import { recordBrowserRun } from '../runs/browser-runs';
import { estimateGraph, setCalibrationSource } from './service';
import { addRateCard, getBudgets, setBudget } from './admin';
import { measureCalibration } from './calibration';
import { fireAlerts, openReservation } from './ledger';
import { spendOf } from './repo';
import { monthStart } from '../../domain/cost/budget';
import { costSummary, runCost } from './summary';
import { listPipelineDtos } from '../pipelines/service';
import { startRun } from '../runs/service';
import { DEMO_PIPELINE, seedDemo } from '../seed';
import { createTestServices, type TestServices } from '../test-fixtures';
import { requireVersion } from '../versions/service';

const WS = 'ws_default';
const USER = 'system';

describe('costs on real PostgreSQL: reservation, refusal, settlement, idempotent charges, alerts', () => {
  let deps: TestServices;
  let runDeps: RunDeps;
  let executor: Executor;
  let versionId: string;
  let scanId: string;
  let calibration: Calibration;
  const rows = async () => ({
    runs: (await deps.db.select({ n: count() }).from(runs))[0].n,
    nodes: (await deps.db.select({ n: count() }).from(runNodes))[0].n,
    ledger: (await deps.db.select({ n: count() }).from(costLedger))[0].n,
    started: (await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'run.started')))[0].n,
  });

  beforeAll(async () => {
    deps = await createTestServices();
    runDeps = createRunDepsFor(deps.db, deps.blobs);
    executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
    calibration = await measureCalibration(runDeps.inference);
    setCalibrationSource(async () => calibration);
    await seedDemo(deps, { corpusDir: path.join(deps.blobs.root, 'no-corpus-here') });
    versionId = (await listPipelineDtos(deps)).find((p) => p.name === DEMO_PIPELINE)!.activeVersion!.id;
    scanId = (await listScans(deps.db))[0].id;
  }, 60_000);
  afterAll(async () => {
    await runDeps?.inference.dispose();
    await deps?.close();
  });

  it('estimates the demo per node, with FLOPs only on the model node and a positive total', async () => {
    const { estimate } = await estimateGraph(deps, (await requireVersion(deps, versionId)).graph, scanId);
    expect(estimate.nodes.map((n) => n.kind)[0]).toBe('input.nifti');
    const model = estimate.nodes.find((n) => n.kind === 'model.onnx')!;
    // 128^3 phantom: smooth 27*2 + square 1 + bands (5 outputs x 2 x 2 + 5 bias) = 80 FLOPs per voxel
    expect(model.flops).toBe(128 ** 3 * 80);
    expect(estimate.nodes.filter((n) => n.kind !== 'model.onnx').every((n) => n.flops === 0)).toBe(true);
    expect(estimate.total.price.totalNano).toBe(estimate.nodes.reduce((a, n) => a + n.price.totalNano, 0));
    expect(estimate.total.price.totalNano).toBeGreaterThan(0);
  });

  it('refuses a run over budget with BUDGET_EXCEEDED and leaves no run, node, ledger or audit row', async () => {
    await setBudget(deps, { workspaceId: WS, monthlyLimit: 1e-9 }, 'test');
    const before = await rows();
    const err = await startRun(deps, { versionId, scanId }).catch((e) => e);
    expect(err).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { scope: 'workspace', limitNano: 1, spentNano: 0, reservedNano: 0 } });
    expect(err.details.estimateNano).toBeGreaterThan(1);
    expect(await rows()).toEqual(before);
  });

  it('reserves at start, charges each node once, releases at the end; estimate vs actual recorded', async () => {
    await setBudget(deps, { workspaceId: WS, monthlyLimit: 100 }, 'test');
    const { runId } = await startRun(deps, { versionId, scanId });
    const reservation = await openReservation(deps.db, runId);
    const [run0] = await deps.db.select().from(runs).where(eq(runs.id, runId));
    expect(reservation).toBe(run0.estimate!.total.price.totalNano);
    expect((await executor.wait(runId)).status).toBe('succeeded');

    const ledger = await deps.db.select().from(costLedger).where(eq(costLedger.runId, runId));
    const nodes = await deps.db.select().from(runNodes).where(eq(runNodes.runId, runId));
    expect(ledger.filter((l) => l.kind === 'charge').map((l) => l.nodeId).sort()).toEqual(nodes.map((n) => n.nodeId).sort());
    expect(ledger.filter((l) => l.kind === 'release').map((l) => l.amountNano)).toEqual([-reservation]);
    expect(await openReservation(deps.db, runId)).toBe(0);
    expect(nodes.every((n) => (n.cpuMs ?? -1) >= 0 && (n.peakRssBytes ?? 0) > 0 && (n.costNano ?? -1) >= 0)).toBe(true);

    const cost = await runCost(deps, runId);
    const charges = ledger.filter((l) => l.kind === 'charge').reduce((a, l) => a + l.amountNano, 0);
    expect(cost.actualNano).toBe(charges);
    expect(cost.actualNano!).toBeGreaterThan(0);
    expect(cost.ratio).toBeCloseTo(charges / reservation, 10);
    expect(cost.nodes.every((n) => n.estimateNano !== null && n.actualNano !== null)).toBe(true);
  });

  it('a retried node or a restarted worker never charges twice; a repeated end never releases twice', async () => {
    const { runId } = await startRun(deps, { versionId, scanId });
    await executor.wait(runId);
    const [node] = await deps.db.select().from(runNodes).where(eq(runNodes.runId, runId)).limit(1);
    const before = await deps.db.select().from(costLedger).where(eq(costLedger.runId, runId));
    // The same node recorded again (Temporal retry after a crash), with other measurements.
    await runDeps.recorder.nodeFinished(runId, node.nodeId, { ms: 5, artifacts: [], outputRefs: null, usage: { cpuMs: 99_999, wallMs: 99_999, peakRssBytes: 9e9 } });
    await runDeps.recorder.nodeFinished(runId, node.nodeId, { ms: 5, artifacts: [], outputRefs: null, usage: { cpuMs: 1, wallMs: 1, peakRssBytes: 1 } });
    await runDeps.recorder.runStatus(runId, 'succeeded');
    const after = await deps.db.select().from(costLedger).where(eq(costLedger.runId, runId));
    expect(after.map((l) => [l.kind, l.nodeId, l.amountNano])).toEqual(before.map((l) => [l.kind, l.nodeId, l.amountNano]));
    const [again] = await deps.db.select().from(runNodes).where(and(eq(runNodes.runId, runId), eq(runNodes.nodeId, node.nodeId)));
    expect(again.costNano).toBe(node.costNano);
    expect(again.cpuMs).toBe(node.cpuMs);
  });

  it('alerts once per threshold and month (budget_alerts row + audit event)', async () => {
    const spent = (await getBudgets(deps, WS)).budgets[0].spentNano;
    expect(spent).toBeGreaterThan(0);
    // spent is 80% of the new limit: 70% fires, 90% and 100% do not.
    // Setting the budget evaluates it at once; a later run's end (fireAlerts) adds nothing.
    expect((await setBudget(deps, { workspaceId: WS, monthlyLimit: (spent / 0.8) / 1e9 }, 'test')).alertsFired).toEqual([70]);
    expect(await fireAlerts(deps.db, WS, USER)).toEqual([]);
    expect((await setBudget(deps, { workspaceId: WS, monthlyLimit: spent / 1e9 }, 'test')).alertsFired).toEqual([90, 100]);
    expect(await fireAlerts(deps.db, WS, USER)).toEqual([]);
    expect((await deps.db.select().from(budgetAlerts)).map((a) => a.threshold).sort()).toEqual([100, 70, 90]);
    expect((await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'budget.alert')))[0].n).toBe(3);
    expect((await getBudgets(deps, WS)).alerts).toHaveLength(3);
    // At 100% nothing more may start; the refusal names the user-visible numbers.
    await expect(startRun(deps, { versionId, scanId })).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
    await setBudget(deps, { workspaceId: WS, monthlyLimit: null }, 'test');
  });

  it('a budget set below what was already spent fires its alerts at once, each threshold exactly once; the refusal is in currency', async () => {
    const { spentNano: spent } = await spendOf(deps.db, WS, USER, monthStart(new Date()));
    expect(spent).toBeGreaterThan(0);
    const userAlerts = async () => (await deps.db.select().from(budgetAlerts).where(eq(budgetAlerts.userId, USER))).map((a) => a.threshold).sort((a, b) => a - b);
    const userAudits = async () =>
      (await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'budget.alert'), eq(auditEvents.objectId, `${WS}/${USER}`)))).map((e) => (e.details as { threshold: number }).threshold).sort((a, b) => a - b);
    // The user's budget at 75% spent: only the 70% alert.
    expect((await setBudget(deps, { workspaceId: WS, userId: USER, monthlyLimit: spent / 0.75 / 1e9 }, 'test')).alertsFired).toEqual([70]);
    // The defect: at 2881% of a budget no alert had fired (alerts waited for a run to end, and every run was refused).
    expect((await setBudget(deps, { workspaceId: WS, userId: USER, monthlyLimit: spent / 28.81 / 1e9 }, 'test')).alertsFired).toEqual([90, 100]);
    expect((await setBudget(deps, { workspaceId: WS, userId: USER, monthlyLimit: spent / 28.81 / 1e9 }, 'test')).alertsFired).toEqual([]);
    expect(await fireAlerts(deps.db, WS, USER)).toEqual([]);
    expect(await userAlerts()).toEqual([70, 90, 100]);
    expect(await userAudits()).toEqual([70, 90, 100]);
    const err = await startRun(deps, { versionId, scanId }).catch((e) => e);
    expect(err).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { scope: 'user', currency: 'USD' } });
    expect(err.message).toMatch(/user budget for this month to \$\d+\.\d{2,6} of \$\d+\.\d{2,6} \(spent \$/);
    expect(err.message).not.toMatch(/nano|\d{7,}/);
    await setBudget(deps, { workspaceId: WS, userId: USER, monthlyLimit: null }, 'test');
  });

  it('a new rate card prices the runs that start after it; browser runs are recorded at zero cost', async () => {
    const card = await addRateCard(deps, { rates: { cpuSecond: 1, gbSecond: 0, gbMonth: 0, gbDownloaded: 0 } }, 'test');
    expect(card.version).toBe(2);
    const { runId } = await startRun(deps, { versionId, scanId });
    await executor.wait(runId);
    const cost = await runCost(deps, runId);
    expect(cost.rateCard).toEqual({ id: card.id, version: 2 });
    // 1 per CPU-second: the actual is the measured CPU seconds (in nano-units, rounded per node).
    const cpu = cost.nodes.reduce((a, n) => a + Math.round((n.cpuSeconds ?? 0) * 1e9), 0);
    expect(Math.abs(cost.actualNano! - cpu)).toBeLessThanOrEqual(cost.nodes.length);

    const version = await requireVersion(deps, versionId);
    const browser = await recordBrowserRun(deps, {
      versionId,
      inputSha256: 'a'.repeat(64),
      inputName: 'local.nii.gz',
      format: 'nifti',
      status: 'succeeded',
      nodes: version.graph.nodes.map((n) => ({ nodeId: n.id, kind: n.kind, ms: 3, status: 'succeeded' as const })),
      runtime: 'wasm',
    });
    expect((await runCost(deps, browser.runId)).actualNano).toBe(0);
    const summary = await costSummary(deps, { from: new Date(Date.now() - 3600e3), to: new Date(Date.now() + 3600e3) });
    const demo = summary.byPipeline.find((p) => p.pipelineName === DEMO_PIPELINE)!;
    expect(demo.browserRuns).toBe(1);
    expect(demo.runs).toBe(4);
    expect(demo.actualNano).toBeGreaterThan(0);
    expect(summary.byDay).toHaveLength(1);
  });
});
