import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeHeadPhantom } from '../../../../../demo/phantom';
import { createTestDatabase, type TestDatabase } from '../../../../../drizzle/test-db';
import { writeNifti } from '../../../../../runtimes/imaging/nifti';
import { demoSessionCookies } from '../../../../../test/sign-in';

/** POST /api/datasets/<id>/versions as Next calls it, on a fresh database through env. */
describe('dataset version upload route', () => {
  let t: TestDatabase;
  let dataDir: string;
  let route: typeof import('./route');
  let cookies: Awaited<ReturnType<typeof demoSessionCookies>>;
  let datasetId = '';
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-ds-route-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.resetModules();
    route = await import('./route');
    cookies = await demoSessionCookies();
    const { readyServices } = await import('../../../../../server/ready');
    const { createDataset } = await import('../../../../../server/datasets/service');
    datasetId = (await createDataset(await readyServices(), { name: 'route' })).id;
  });
  afterAll(async () => {
    const { getDb } = await import('../../../../../server/db');
    const { closeDb } = await import('../../../../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (cookie: string, id = datasetId) => {
    const p = makeHeadPhantom({ size: 12 });
    const form = new FormData();
    form.append('file', new Blob([writeNifti(p.volume, { gzip: true }) as Uint8Array<ArrayBuffer>]), 'd/images/a.nii.gz');
    form.append('file', new Blob([writeNifti(p.labels, { gzip: true }) as Uint8Array<ArrayBuffer>]), 'd/labels/a.nii.gz');
    return route.POST(new Request('http://studio.test/x', { method: 'POST', body: form, headers: { cookie } }), { params: Promise.resolve({ id }) });
  };

  it('201 with the version for an engineer; 409 naming it on the same content; 403 for a clinician; 404 for an unknown dataset', async () => {
    const ok = await post(cookies.engineer.cookie);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ number: 1, caseCount: 1, datasetId });
    const again = await post(cookies.engineer.cookie);
    expect([again.status, (await again.json()).error]).toMatchObject([409, { code: 'DATASET_VERSION_EXISTS', details: { number: 1 } }]);
    const clinician = await post(cookies.clinician.cookie);
    expect([clinician.status, (await clinician.json()).error.code]).toEqual([403, 'PERMISSION_DENIED']);
    const missing = await post(cookies.engineer.cookie, 'ds_nope');
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
