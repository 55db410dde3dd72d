import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../../demo/tissue-classifier';
import { createTestDatabase, type TestDatabase } from '../../../drizzle/test-db';
import type { LabelMetrics } from '../../../domain/evaluation/types';
import { demoSessionCookies } from '../../../test/sign-in';

type Route = { GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> };
const get = (route: Route, file: string, id: string, cookie?: string) =>
  route.GET(new Request(`http://studio.test/api/evaluations/${id}/${file}`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ id }) });

const metrics = (label: number, dice: number): LabelMetrics => ({
  label, dice, hd95Mm: 2, assdMm: 1, surfaceDice: 0.9, volumeRefMl: 1, volumePredMl: 1.5, volumeDiffMl: 0.5, refEmpty: false, predEmpty: false, refVoxels: 10, predVoxels: 15, refSurfaceVoxels: 8, predSurfaceVoxels: 9,
});

/** The report export routes as Next calls them, on a fresh database; the evaluation rows are written directly (no runs). */
describe('GET /api/evaluations/<id>/report.json and .csv', () => {
  let t: TestDatabase;
  let dataDir: string;
  let json: Route;
  let csv: Route;
  let engineer: string;
  const id = 'ev_report';

  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-eval-route-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.stubEnv('STUDIO_SEED_DEMO', 'false');
    vi.resetModules();
    json = await import('./[id]/report.json/route');
    csv = await import('./[id]/report.csv/route');
    const deps = await (await import('../../../server/process')).processServices();
    const { registerModelBytes } = await import('../../../server/models/service');
    const { demoPipeline, phantomDataset } = await import('../../../test/eval-fixtures');
    const { publishVersion } = await import('../../../server/versions/service');
    const { insertEvaluation } = await import('../../../server/evaluations/repo');
    const { evaluationCases } = await import('../../../drizzle/schema');
    await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    const dv = await phantomDataset(deps, 'route', [1, 2], 16);
    const v = await publishVersion(deps, { pipelineId: (await demoPipeline(deps)).pipelineId, bump: 'major' });
    await insertEvaluation(deps.db, { id, workspaceId: 'ws_default', pipelineVersionId: v.id, versionContentHash: v.contentHash, datasetVersionId: dv.id, status: 'succeeded' }, [
      { caseKey: 'phantom-1', position: 0 },
      { caseKey: 'phantom-2', position: 1 },
    ]);
    await deps.db.update(evaluationCases).set({ status: 'succeeded', metrics: [1, 2, 3, 4].map((l) => metrics(l, 0.9)) });
    const { and, eq } = await import('drizzle-orm');
    await deps.db.update(evaluationCases).set({ metrics: [1, 2, 3, 4].map((l) => metrics(l, 0.5)) }).where(and(eq(evaluationCases.evaluationId, id), eq(evaluationCases.caseKey, 'phantom-2')));
    ({ engineer: { cookie: engineer } } = await demoSessionCookies());
  }, 120_000);
  afterAll(async () => {
    // readyServices started the process's workers: stopped before the database goes
    await (await import('../../../server/evaluations/driver')).stopEvaluationDriver();
    (await import('../../../server/routing/scheduler')).stopRoutingWorker();
    const { getDb } = await import('../../../server/db');
    const { closeDb } = await import('../../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('report.json: the cases worst-first, as an attachment', async () => {
    const res = await get(json, 'report.json', id, engineer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="evaluation-${id}.json"`);
    const body = await res.json();
    expect(body.cases.map((c: { caseKey: string }) => c.caseKey)).toEqual(['phantom-2', 'phantom-1']);
    expect(body.labels.map((l: { name: string }) => l.name)).toEqual(['CSF', 'grey matter', 'white matter', 'scalp']);
  });

  it('report.csv: one RFC 4180 row per case x label x metric', async () => {
    const res = await get(csv, 'report.csv', id, engineer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await res.text()).split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + 2 * 4 * 5);
    expect(rows[1]).toBe(`${id},phantom-2,succeeded,,1,CSF,dice,0.5`);
  });

  it('401 without a session, 404 for an unknown evaluation', async () => {
    expect((await get(json, 'report.json', id)).status).toBe(401);
    expect((await get(csv, 'report.csv', 'ev_missing', engineer)).status).toBe(404);
  });
});
