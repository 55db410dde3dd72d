import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAIN_LABEL_MAPPING, buildBrainDataset, REFERENCE_MODEL } from '../../test/eval-dataset';
import { createEvalBed, driveUntilEnded, type EvalBed } from '../../test/eval-fixtures';
import { corpusModels, corpusT1, publish, readExample } from '../../test/material';
import { needFiles } from '../../test/needs';
import { createDataset, addDatasetVersion } from '../datasets/service';
import { registerModelFile } from '../models/service';
import { listCases } from './repo';
import { startEvaluation } from './service';

/**
 * The whole-volume brain pipeline (brain-gwm-256.json, niivue MeshNet) evaluated on the real T1
 * against the large brainchop model's labels, uploaded through the dataset service: one case,
 * a real 256^3 run through the in-process executor and metrics on the helper thread.
 */
const BRAIN_MODEL = path.join(corpusModels, 'niivue_meshnet_gwm_256.onnx');
const need = needFiles(corpusT1, REFERENCE_MODEL, BRAIN_MODEL);
let bed: EvalBed;
let dir: string;

beforeAll(async () => {
  if (!need.ok) return;
  bed = await createEvalBed();
  dir = await mkdtemp(path.join(os.tmpdir(), 'eval-brain-'));
}, 60_000);

afterAll(async () => {
  await bed?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('evaluating the brain pipeline on the real T1', () => {
  it.skipIf(!need.ok)(need.title('white and grey matter Dice against the large model are sane (> 0.5), HD95 finite'), async () => {
    const ds = await buildBrainDataset(dir);
    const t1 = ds.cases.find((c) => c.key === 't1')!;
    const files = [];
    for (const f of [t1.image, t1.reference]) files.push({ path: path.basename(f), staged: await bed.svc.blobs.stage([new Uint8Array(await readFile(f))]) });
    const dataset = await createDataset(bed.svc, { name: 'T1 brain' });
    const dv = await addDatasetVersion(bed.svc, { datasetId: dataset.id, files, labelMapping: JSON.stringify(BRAIN_LABEL_MAPPING) });
    await registerModelFile(bed.svc, { path: BRAIN_MODEL });
    const { versionId } = await publish(bed.svc, await readExample('brain-gwm-256.json'), '');

    const { evaluation } = await startEvaluation(bed.svc, { versionId, datasetVersionId: dv.id });
    const done = await driveUntilEnded(bed.svc, evaluation.id, 150_000);
    const [c] = await listCases(bed.svc.db, evaluation.id);
    expect(c).toMatchObject({ caseKey: 't1', status: 'succeeded' });
    expect(done.status).toBe('succeeded');
    for (const label of [1, 2]) {
      const m = c.metrics.find((x) => x.label === label)!;
      expect(m.dice).toBeGreaterThan(0.5);
      expect(Number.isFinite(m.hd95Mm)).toBe(true);
      console.log(`brain evaluation: label ${label} (${BRAIN_LABEL_MAPPING.names[String(label)]}) dice ${m.dice!.toFixed(4)}, hd95 ${m.hd95Mm!.toFixed(2)} mm, assd ${m.assdMm!.toFixed(2)} mm`);
    }
    expect(done.summary!.map((l) => l.name)).toEqual(['white matter', 'grey matter']);
  }, 170_000);
});
