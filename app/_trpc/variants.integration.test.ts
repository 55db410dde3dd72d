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

describe('model variants (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let demo: { sha256: string };
  let phantom: { id: string };
  beforeAll(async () => {
    deps = await createTestServices();
    demo = await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, name: 'demo', bytes: buildTissueClassifier() });
    phantom = await createScanFromBytes(deps, { name: 'phantom', files: [{ fileName: 'head-phantom.nii.gz', bytes: writeDemoScan({ size: 48 }) }] });
  });
  afterAll(async () => deps?.close());

  it('fp16: registers "<model> (fp16)" as a model and records size, latency and Dice per label vs fp32', async () => {
    const v = await createVariant(deps, { sourceSha256: demo.sha256, kind: 'fp16', referenceScanId: phantom.id });
    expect(v.name).toBe('demo (fp16)');
    expect(v.kind).toBe('fp16');
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
    expect((await as('clinician').variants.list({ sourceSha256: demo.sha256 })).length).toBe(1);
    await expect(as('engineer').variants.create({ sourceSha256: demo.sha256, kind: 'int4' as never, referenceScanId: phantom.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(as('clinician').variants.create({ sourceSha256: demo.sha256, kind: 'fp16', referenceScanId: phantom.id })).rejects.toThrow(/Not allowed: model.register/);
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
    expect(v.report.sizeBytes).toBeLessThan(v.report.fp32SizeBytes / 3);
  }, 300_000);
});
