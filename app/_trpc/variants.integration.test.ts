import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { CORPUS_MODELS } from '../../runtimes/server/test-helpers';
import { needFiles } from '../../test/needs';
import { appRouter } from './trpc/root';
import { getModel } from '../../server/models/repo';
import type { ServiceDeps } from '../../server/context';
import { registerModelBytes } from '../../server/models/service';
import { createScanFromBytes } from '../../server/scans/service';
import { createTestServices } from '../../server/test-fixtures';
import { createVariant, listVariantDtos } from '../../server/models/variants';
import { eq } from 'drizzle-orm';
import { auditEvents, workspaces } from '../../drizzle/schema';
import { mapError } from '../../server/errors';
import { blobRecordFor } from '../../server/blobs/access-repo';
import { scopeOf } from '../../server/auth/scope';
import type { Executor } from '../../workflows/contract';
import { listModelDtos, requireModel } from '../../server/models/service';
import { createPipeline, validateWithModels } from '../../server/pipelines/service';
import { startRun } from '../../server/runs/service';
import { segmentationGraph, testPrincipal } from '../../server/test-fixtures';
import { publishVersion } from '../../server/versions/service';

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);

describe('model variants (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let demo: { sha256: string };
  let phantom: { id: string };
  beforeAll(async () => {
    deps = await createTestServices();
    const idle: Executor = { name: 'embedded', start: async () => {}, wait: async () => ({ status: 'succeeded' }) as never, cancel: async () => {} };
    deps.executor = async () => idle;
    demo = await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, name: 'demo', bytes: buildTissueClassifier() });
    phantom = await createScanFromBytes(deps, { name: 'phantom', files: [{ fileName: 'head-phantom.nii.gz', bytes: writeDemoScan({ size: 48 }) }] });
  });
  afterAll(async () => deps?.close());

  it('fp16: registers "<model> (fp16)" as a model and records size, latency and Dice per label vs fp32', async () => {
    // the demo's smallest label (~450 voxels of 48^3) measures Dice ~0.97 in fp16: the default 0.98
    // rejects it (recorded, nothing stored or registered); graded at 0.95 it is accepted
    const no = await createVariant(deps, { sourceSha256: demo.sha256, kind: 'fp16', referenceScanId: phantom.id });
    expect(no).toMatchObject({ status: 'rejected', name: 'demo (fp16)', report: { gate: { threshold: 0.98, failing: [{ label: 4, dice: no.report.dicePerLabel[4] }] } } });
    expect(no.report.gate?.reason).toBe(`Dice 4 ${no.report.dicePerLabel[4].toFixed(3)} < 0.98`);
    expect(await deps.blobs.has(no.sha256)).toBe(false);
    expect(await getModel(deps.db, 'ws_default', no.sha256)).toBeUndefined();
    expect((await listVariantDtos(deps, demo.sha256)).map((x) => [x.sha256, x.status])).toEqual([[no.sha256, 'rejected']]);
    const v = await createVariant(deps, { sourceSha256: demo.sha256, kind: 'fp16', referenceScanId: phantom.id, diceThreshold: 0.95 });
    expect(v.name).toBe('demo (fp16)');
    expect(v.kind).toBe('fp16');
    expect(v.status).toBe('accepted');
    expect(v.report.gate).toEqual({ status: 'accepted', threshold: 0.95, failing: [], reason: null });
    const row = await getModel(deps.db, 'ws_default', v.sha256);
    expect(row?.sizeBytes).toBe(v.report.sizeBytes);
    expect(await deps.blobs.has(v.sha256)).toBe(true);
    // 42 weights: the Cast nodes outweigh the halved weights here (the corpus case checks shrinking)
    expect(v.report.fp32SizeBytes).toBe(buildTissueClassifier().byteLength);
    expect(v.report.latencyMs).toBeGreaterThan(0);
    expect(v.report.dicePerLabel).toHaveLength(5);
    expect(v.report.labelCounts.fp32.reduce((a, b) => a + b, 0)).toBe(48 ** 3);
    expect((await listVariantDtos(deps, demo.sha256)).map((x) => x.sha256)).toEqual([v.sha256]);
  });

  it('refuses int8-static without a calibration scan, and a variant of a variant', async () => {
    await expect(createVariant(deps, { sourceSha256: demo.sha256, kind: 'int8-static', referenceScanId: phantom.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [v] = await listVariantDtos(deps, demo.sha256);
    await expect(createVariant(deps, { sourceSha256: v.sha256, kind: 'fp16', referenceScanId: phantom.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/itself a variant/) });
    await expect(createVariant(deps, { sourceSha256: 'f'.repeat(64), kind: 'fp16', referenceScanId: phantom.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('int8-static on a model whose convs all stay float32 fails with MODEL_INVALID naming them', async () => {
    await expect(createVariant(deps, { sourceSha256: demo.sha256, kind: 'int8-static', calibrationScanId: phantom.id, referenceScanId: phantom.id }))
      .rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(/smooth: 1 input channel/) });
  });

  it('is served by the variants router: list, input validation, and create needs model.register', async () => {
    const as = (role: 'engineer' | 'clinician') => appRouter.createCaller({ ...deps, principal: { kind: 'user', userId: `u-${role}`, email: `${role}@x`, workspaceId: 'ws_default', role } });
    expect((await as('clinician').variants.list({ sourceSha256: demo.sha256 })).map((v) => v.kind)).toContain('fp16');
    await expect(as('engineer').variants.create({ sourceSha256: demo.sha256, kind: 'int4' as never, referenceScanId: phantom.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (const diceThreshold of [0.4, 1.01]) {
      await expect(as('engineer').variants.create({ sourceSha256: demo.sha256, kind: 'fp16', referenceScanId: phantom.id, diceThreshold })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(as('clinician').variants.create({ sourceSha256: demo.sha256, kind: 'fp16', referenceScanId: phantom.id })).rejects.toThrow(/Not allowed: model.register/);
  });

  it('the Dice gate: a rejected variant is recorded but unusable (list, publish, run, registration); accepted, the same bytes are usable', async () => {
    const graphOf = (sha256: string, name: string) => segmentationGraph({ sha256 }, name);
    // int8 weights of the demo classifier: accepted at a lenient threshold, usable end to end
    const ok = await createVariant(deps, { sourceSha256: demo.sha256, kind: 'int8-weights', referenceScanId: phantom.id, diceThreshold: 0.5 });
    expect(ok.status).toBe('accepted');
    const worst = Math.min(...ok.report.dicePerLabel);
    expect(worst).toBeLessThan(1); // the next step needs a label below a threshold of 1
    const p1 = await createPipeline(deps, { name: 'with int8', graph: graphOf(ok.sha256, 'with int8') });
    const v1 = await publishVersion(deps, { pipelineId: p1.id, bump: 'major' });
    expect(await codeOf(startRun(deps, { versionId: v1.id, scanId: phantom.id }))).toBe('resolved');

    // measured again (the same bytes) at a threshold of 1: rejected, with the failing labels
    const bad = await createVariant(deps, { sourceSha256: demo.sha256, kind: 'int8-weights', referenceScanId: phantom.id, diceThreshold: 1 });
    expect(bad.sha256).toBe(ok.sha256);
    expect(bad.status).toBe('rejected');
    const failing = bad.report.dicePerLabel.flatMap((dice, label) => (dice < 1 ? [{ label, dice }] : []));
    expect(bad.report.gate).toEqual({ status: 'rejected', threshold: 1, failing, reason: expect.stringMatching(/^Dice \d 0\.\d{3,} < 1/) });
    expect((await listVariantDtos(deps, demo.sha256)).find((v) => v.sha256 === bad.sha256)).toMatchObject({ status: 'rejected', name: 'demo (int8 weights)' });
    // no longer a model: not listed, not found by lookup, and every use names the rejection
    expect((await listModelDtos(deps)).map((m) => m.sha256)).not.toContain(bad.sha256);
    expect(await getModel(deps.db, 'ws_default', bad.sha256)).toBeUndefined();
    const refused = /^VARIANT_REJECTED: model .*int8-weights\.onnx .* rejected optimised variant \(Dice \d 0\.\d{3,} < 1/;
    expect(await codeOf(startRun(deps, { versionId: v1.id, scanId: phantom.id }))).toMatch(refused);
    expect(await validateWithModels(deps, graphOf(bad.sha256, 'check'))).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'model-missing', nodeId: 'model', message: expect.stringMatching(/int8-weights\.onnx is a rejected optimised variant \(Dice/) }),
    ]));
    const p2 = await createPipeline(deps, { name: 'by hash', graph: graphOf(bad.sha256, 'by hash') });
    expect(await codeOf(publishVersion(deps, { pipelineId: p2.id, bump: 'major' }))).toMatch(refused);
    const p3 = await createPipeline(deps, { name: 'by file', graph: segmentationGraph({ file: `${TISSUE_CLASSIFIER_FILE.replace(/\.onnx$/, '')}.int8-weights.onnx` }, 'by file') });
    expect(await codeOf(publishVersion(deps, { pipelineId: p3.id, bump: 'major' }))).toMatch(refused);
    expect(await blobRecordFor(deps.db, bad.sha256, scopeOf(deps))).toBeNull(); // not served for download either
    // another workspace (without the source model) is told NOT_FOUND: the verdict does not leak
    await deps.db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
    expect(await codeOf(requireModel({ ...deps, principal: testPrincipal('engineer', 'ws_other') }, bad.sha256))).toMatch(/^NOT_FOUND/);
    const variantBytes = await deps.blobs.read(bad.sha256);
    expect(await codeOf(registerModelBytes(deps, { fileName: 'renamed.onnx', bytes: variantBytes }))).toMatch(/^VARIANT_REJECTED/);
    const caller = appRouter.createCaller({ ...deps, principal: { kind: 'user', userId: 'u-eng', email: 'e@x', workspaceId: 'ws_default', role: 'engineer' } });
    // over tRPC: 422 with the typed code (what the formatter sends the browser)
    const viaTrpc = await caller.variants.create({ sourceSha256: bad.sha256, kind: 'fp16', referenceScanId: phantom.id }).catch((e: unknown) => e);
    expect(mapError(viaTrpc)).toMatchObject({ http: 422, client: { code: 'VARIANT_REJECTED', message: expect.stringMatching(/rejected optimised variant/) } });

    // accepted again at a threshold its worst label reaches: usable again
    const again = await createVariant(deps, { sourceSha256: demo.sha256, kind: 'int8-weights', referenceScanId: phantom.id, diceThreshold: Math.max(0.5, Math.floor(worst * 100) / 100) });
    expect(again.status).toBe('accepted');
    expect((await listModelDtos(deps)).map((m) => m.sha256)).toContain(again.sha256);
    expect(await blobRecordFor(deps.db, again.sha256, scopeOf(deps))).not.toBeNull();
    expect(await codeOf(startRun(deps, { versionId: v1.id, scanId: phantom.id }))).toBe('resolved');

    // audited with the numbers
    const events = await deps.db.select().from(auditEvents).where(eq(auditEvents.objectId, bad.sha256));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['model.variant.created', 'model.variant.rejected']));
    expect(events.find((e) => e.action === 'model.variant.rejected')?.details).toMatchObject({ threshold: 1, dicePerLabel: bad.report.dicePerLabel, reason: bad.report.gate!.reason });
  }, 120_000);

  const thin = needFiles(path.join(CORPUS_MODELS, 'niivue_meshnet_gwm_256.onnx'));
  it.runIf(thin.ok)(thin.title('int8-static of the 5-channel MeshNet 256^3 is refused before any scan is read or calibration run'), async () => {
    const bytes = new Uint8Array(readFileSync(path.join(CORPUS_MODELS, 'niivue_meshnet_gwm_256.onnx')));
    const src = await registerModelBytes(deps, { fileName: 'niivue_meshnet_gwm_256.onnx', name: 'meshnet256', bytes });
    // the scan ids do not exist: the refusal comes first
    const refused = await createVariant(deps, { sourceSha256: src.sha256, kind: 'int8-static', calibrationScanId: 'scan_none', referenceScanId: 'scan_none' }).catch((e: unknown) => e);
    expect(mapError(refused)).toMatchObject({ http: 422, client: { code: 'MODEL_INVALID', message: expect.stringMatching(/int8-static cannot be faster than float32 .* by 10\.0x/) } });
    expect(await listVariantDtos(deps, src.sha256)).toEqual([]);
  });

  const model = path.join(CORPUS_MODELS, 'brainchop_meshnet_gwm_64cube.onnx');
  const t1 = path.join(CORPUS_MODELS, 't1_crop_256_uint8.nii.gz');
  const corpus = needFiles(model, t1);
  it.runIf(corpus.ok)(corpus.title('int8-static of brainchop 64^3 calibrated on the T1: Dice >= 0.98 per label'), async () => {
    const src = await registerModelBytes(deps, { fileName: path.basename(model), name: 'meshnet64', bytes: new Uint8Array(readFileSync(model)) });
    const scan = await createScanFromBytes(deps, { name: 't1', files: [{ fileName: 't1.nii.gz', bytes: new Uint8Array(readFileSync(t1)) }] });
    const v = await createVariant(deps, { sourceSha256: src.sha256, kind: 'int8-static', calibrationScanId: scan.id, referenceScanId: scan.id });
    expect(v.name).toBe('meshnet64 (int8)');
    expect(v.report.labelCounts.fp32).toEqual([75224, 109968, 76952]);
    for (const d of v.report.dicePerLabel) expect(d).toBeGreaterThanOrEqual(0.98);
    expect(v.status).toBe('accepted');
    expect(v.report.sizeBytes).toBeLessThan(v.report.fp32SizeBytes / 3);
  }, 300_000);
});
