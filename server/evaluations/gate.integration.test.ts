import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, pipelines } from '../../drizzle/schema';
import type { Principal } from '../../domain/auth/permissions';
import { createEvalBed, demoPipeline, phantomDataset, setDraft, type EvalBed } from '../../test/eval-fixtures';
import { listDatasetCases, type DatasetVersionRow } from '../datasets/repo';
import { startRun } from '../runs/service';
import { rollbackVersion } from '../versions/rollback';
import { getGate } from '../versions/gates';
import { listVersionDtos, versionDetailDto } from '../versions/service';
import { getVersion } from '../versions/repo';
import { exportVersion } from '../versions/bundle-export';
import { importVersion } from '../versions/bundle-import';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { compareEvaluations } from './compare';
import { setCriteria } from './criteria';
import { evaluationTick } from './driver';
import { overrideGate, publishGated } from './gate';
import { listEvaluationsOfVersionDto } from './service';

/**
 * Gated publish on real PostgreSQL, in-process executor: the demo tissue pipeline under
 * acceptance criteria on a phantom dataset (white matter Dice is about 0.6 at 40^3).
 */
let bed: EvalBed;
let dv: DatasetVersionRow;
let other: DatasetVersionRow;
let pipelineId: string;

beforeAll(async () => {
  bed = await createEvalBed();
  [dv, other] = [await phantomDataset(bed.svc, 'gate', [21, 22]), await phantomDataset(bed.svc, 'other', [23])];
  ({ pipelineId } = await demoPipeline(bed.svc));
}, 120_000);

afterAll(async () => bed?.dispose());

const activeOf = async (id: string) => (await bed.svc.db.select().from(pipelines).where(eq(pipelines.id, id)))[0].activeVersionId;
const gateAfterTicks = async (versionId: string) => {
  await vi.waitFor(
    async () => {
      await evaluationTick(bed.svc);
      expect((await getGate(bed.svc.db, versionId))?.state).not.toBe('evaluating');
    },
    { timeout: 90_000, interval: 50 },
  );
  return (await getGate(bed.svc.db, versionId))!;
};
const whiteDice = (threshold: number) => [{ datasetVersionId: dv.id, label: 3, metric: 'dice' as const, statistic: 'mean' as const, threshold }];
const admin = (svc = bed.svc) => ({ ...svc, principal: { kind: 'user', userId: 'u-admin', email: 'a@x', workspaceId: 'ws_default', role: 'admin' } as Principal, audit: { actor: { type: 'user' as const, id: 'u-admin' } } });

describe('publishing under acceptance criteria', () => {
  let refused: string;
  let passed: string;

  it('validates criteria: a dataset version of the workspace, an integer label, a known metric', async () => {
    await expect(setCriteria(bed.svc, { pipelineId, criteria: [{ ...whiteDice(0.5)[0], datasetVersionId: 'dsv_missing' }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setCriteria(bed.svc, { pipelineId, criteria: [{ ...whiteDice(0.5)[0], label: 1.5 }] })).rejects.toThrow();
    await expect(setCriteria(bed.svc, { pipelineId, criteria: [{ ...whiteDice(0.5)[0], metric: 'accuracy' as never }] })).rejects.toThrow();
  });

  it('refuses a version that fails: stored, not active, not runnable, with the failing metrics', async () => {
    await setCriteria(bed.svc, { pipelineId, criteria: whiteDice(0.99) });
    const published = await publishGated(bed.svc, { pipelineId, bump: 'major' });
    refused = published.id;
    expect(published.gate).toMatchObject({ state: 'evaluating' });
    expect(await activeOf(pipelineId)).toBeNull();
    const gate = await gateAfterTicks(refused);
    expect(gate.state).toBe('refused');
    expect(gate.results).toHaveLength(1);
    expect(gate.results[0]).toMatchObject({ label: 3, metric: 'dice', passed: false });
    expect(gate.results[0].value).toBeGreaterThan(0.5);
    expect(gate.results[0].value).toBeLessThan(0.99);
    expect(await activeOf(pipelineId)).toBeNull();
    const [scanCase] = await listDatasetCases(bed.svc.db, dv.id);
    await expect(startRun(bed.svc, { versionId: refused, scanId: scanCase.scanId })).rejects.toMatchObject({ code: 'VERSION_GATED' });
    const refusedEvents = await bed.svc.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'version.gate.refused'), eq(auditEvents.objectId, refused)));
    expect(refusedEvents).toHaveLength(1);
  }, 120_000);

  it('publishes a passing version: evaluated, then active', async () => {
    await setCriteria(bed.svc, { pipelineId, criteria: whiteDice(0.5) });
    await setDraft(bed.svc, pipelineId, { normalize: { nonzeroOnly: true } });
    passed = (await publishGated(bed.svc, { pipelineId, bump: 'minor' })).id;
    expect((await gateAfterTicks(passed)).state).toBe('passed');
    expect(await activeOf(pipelineId)).toBe(passed);
    await expect(rollbackVersion(bed.svc, { pipelineId, versionId: refused, reason: 'try the old one' })).rejects.toMatchObject({ code: 'VERSION_GATED' });
    const events = await bed.svc.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'version.gate.passed'), eq(auditEvents.objectId, passed)));
    expect(events).toHaveLength(1);
  }, 120_000);

  it('refuses at once (PUBLISH_REFUSED with the failing criteria) when every evaluation is reused', async () => {
    // the same content in another pipeline: its evaluation is reused, the decision is immediate
    const twin = await demoPipeline(bed.svc);
    await setCriteria(bed.svc, { pipelineId: twin.pipelineId, criteria: whiteDice(0.99) });
    const err = await publishGated(bed.svc, { pipelineId: twin.pipelineId, bump: 'major' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'PUBLISH_REFUSED' });
    expect(err.details.failing).toEqual([expect.objectContaining({ label: 3, metric: 'dice', threshold: 0.99, passed: false })]);
    expect((await getGate(bed.svc.db, err.details.versionId))?.evaluationIds).toEqual((await getGate(bed.svc.db, refused))?.evaluationIds);
  });

  it('an admin overrides a refusal with a reason, audited with the failing results; the version shows it', async () => {
    await expect(overrideGate(admin(), { versionId: refused, reason: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(overrideGate(admin(), { versionId: passed, reason: 'no' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await overrideGate(admin(), { versionId: refused, reason: 'clinical lead accepts the white matter figure' });
    expect(await activeOf(pipelineId)).toBe(refused);
    const [event] = await bed.svc.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'version.gate.overridden'), eq(auditEvents.objectId, refused)));
    expect(event.actor).toMatchObject({ type: 'user', id: 'u-admin' });
    expect(event.details).toMatchObject({ reason: 'clinical lead accepts the white matter figure', failing: [expect.objectContaining({ label: 3, metric: 'dice', threshold: 0.99 })] });
    const list = await listVersionDtos(bed.svc, pipelineId);
    expect(list.find((v) => v.id === refused)).toMatchObject({ gate: 'overridden', publishedOverFailedCriteria: true, active: true });
    expect(list.find((v) => v.id === passed)).toMatchObject({ gate: 'passed', publishedOverFailedCriteria: false });
    const detail = await versionDetailDto(bed.svc, (await getVersion(bed.svc.db, refused))!);
    expect(detail).toMatchObject({ publishedOverFailedCriteria: true, gate: { state: 'overridden', overrideReason: 'clinical lead accepts the white matter figure', decidedBy: 'u-admin' } });
  });

  it('compares two versions on the same dataset version (b - a), and refuses different dataset versions', async () => {
    const [a] = await listEvaluationsOfVersionDto(bed.svc, refused);
    const [b] = await listEvaluationsOfVersionDto(bed.svc, passed);
    const cmp = await compareEvaluations(bed.svc, { a: a.id, b: b.id });
    const white = cmp.labels.find((l) => l.label === 3)!;
    const meanOf = (e: typeof a) => e.summary!.find((l) => l.label === 3)!.metrics.dice.mean!;
    expect(white.difference.dice.n).toBe(2);
    expect(white.difference.dice.mean).toBeCloseTo(meanOf(b) - meanOf(a), 12);
    expect(cmp.cases).toHaveLength(2);
    for (const c of cmp.cases) expect(c.runA && c.runB && c.runA !== c.runB).toBeTruthy();
    expect(Math.abs(cmp.cases[0].deltaDice!)).toBeGreaterThanOrEqual(Math.abs(cmp.cases[1].deltaDice!));
    const { startEvaluation } = await import('./service');
    const elsewhere = await startEvaluation(bed.svc, { versionId: passed, datasetVersionId: other.id });
    await expect(compareEvaluations(bed.svc, { a: a.id, b: elsewhere.evaluation.id })).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
  });

  it('exports the version with the reports of its succeeded evaluations, hashed; import verifies them and imports the version only', async () => {
    const { zip } = await exportVersion(bed.svc, passed);
    const files = unzipSync(zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    const all = await listEvaluationsOfVersionDto(bed.svc, passed);
    const succeeded = all.filter((e) => e.status === 'succeeded');
    expect(all.length).toBeGreaterThan(succeeded.length); // the one still running on the other dataset is left out
    const b = succeeded[0];
    expect(manifest.evaluations.map((e: { id: string }) => e.id).sort()).toEqual(succeeded.map((e) => e.id).sort());
    const report = JSON.parse(strFromU8(files[`evaluations/${b.id}.json`]));
    expect(report.evaluation.id).toBe(b.id);
    expect(report.cases).toHaveLength(2);
    const imported = await importVersion(bed.svc, { workspaceId: 'ws_default', bytes: zip });
    expect(imported.created).toBe(false); // identical content is already here
    const tampered = zipSync({ ...files, [`evaluations/${b.id}.json`]: strToU8(JSON.stringify({ ...report, cases: [] })) } as Zippable);
    await expect(importVersion(bed.svc, { workspaceId: 'ws_default', bytes: tampered })).rejects.toMatchObject({ code: 'BUNDLE_TAMPERED', details: { file: `evaluations/${b.id}.json` } });
  });

  it('an imported new version of a pipeline under criteria waits behind its gate like a publish', async () => {
    const target = await demoPipeline(bed.svc);
    await bed.svc.db.update(pipelines).set({ name: 'Gated import target' }).where(eq(pipelines.id, target.pipelineId));
    await setCriteria(bed.svc, { pipelineId: target.pipelineId, criteria: whiteDice(0.5) });
    const files = unzipSync((await exportVersion(bed.svc, passed)).zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    const zip = zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify({ ...manifest, pipeline: { ...manifest.pipeline, name: 'Gated import target' } })) } as Zippable);
    const imported = await importVersion(bed.svc, { workspaceId: 'ws_default', bytes: zip });
    expect(imported).toMatchObject({ pipelineId: target.pipelineId, created: true });
    expect((await getGate(bed.svc.db, imported.versionId))?.state).toBe('evaluating');
    expect(await activeOf(target.pipelineId)).toBeNull();
    expect((await gateAfterTicks(imported.versionId)).state).toBe('passed'); // the evaluation of identical content is reused
    expect(await activeOf(target.pipelineId)).toBe(imported.versionId);
  });
});
