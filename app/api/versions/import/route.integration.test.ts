import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../../../demo/tissue-classifier';
import { createTestDatabase, type TestDatabase } from '../../../../drizzle/test-db';
import { studio } from '../../../../test/studio-cli';
import { segmentationGraph } from '../../../../server/test-fixtures';
import { demoSessionCookies } from '../../../../test/sign-in';

/**
 * GET /api/versions/<id>/export and POST /api/versions/import as Next calls them, wired to a
 * fresh database; then the same file through `studio version import` into a second database
 * and data dir ("another instance").
 */
describe('version export/import routes and CLI', () => {
  let t: TestDatabase;
  let other: TestDatabase;
  let dataDir: string;
  let otherDir: string;
  let versionId: string;
  let contentHash: string;
  let sha256: string;
  let engineer: string;
  let clinician: string;
  let routes: { exp: typeof import('../[id]/export/route'); imp: typeof import('./route') };
  beforeAll(async () => {
    [t, other] = await Promise.all([createTestDatabase({ migrate: false }), createTestDatabase()]);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-vroutes-'));
    otherDir = mkdtempSync(path.join(os.tmpdir(), 'studio-vroutes-b-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.stubEnv('STUDIO_SEED_DEMO', 'false');
    vi.resetModules();
    routes = { exp: await import('../[id]/export/route'), imp: await import('./route') };
    const { processServices } = await import('../../../../server/process');
    const { registerModelBytes } = await import('../../../../server/models/service');
    const { createPipeline } = await import('../../../../server/pipelines/service');
    const { publishVersion } = await import('../../../../server/versions/service');
    const deps = await processServices();
    ({ sha256 } = await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() }));
    const { id } = await createPipeline(deps, { name: 'Route seg', graph: segmentationGraph({ sha256 }, 'Route seg') });
    ({ id: versionId, contentHash } = await publishVersion(deps, { pipelineId: id, bump: 'major' }));
    // The route acts for a signed-in member: the demo engineer (may export/import) and clinician (may not).
    ({ engineer: { cookie: engineer }, clinician: { cookie: clinician } } = await demoSessionCookies());
  });
  afterAll(async () => {
    const { getDb } = await import('../../../../server/db');
    const { closeDb } = await import('../../../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await Promise.all([t?.drop(), other?.drop()]);
    for (const d of [dataDir, otherDir]) rmSync(d, { recursive: true, force: true });
  });

  const exportZip = async (id: string, cookie = engineer) =>
    routes.exp.GET(new Request(`http://studio.test/api/versions/${id}/export`, { headers: { cookie } }), { params: Promise.resolve({ id }) });
  const postZip = (bytes: Uint8Array, type = 'application/zip', cookie = engineer) =>
    routes.imp.POST(new Request('http://studio.test/api/versions/import', { method: 'POST', headers: { 'content-type': type, cookie }, body: bytes as Uint8Array<ArrayBuffer> }));

  it('refuses anonymous callers (401) and clinicians (403) before doing anything', async () => {
    expect((await exportZip(versionId, '')).status).toBe(401);
    expect((await exportZip(versionId, clinician)).status).toBe(403);
    const zip = new Uint8Array(await (await exportZip(versionId)).arrayBuffer());
    expect((await postZip(zip, 'application/zip', '')).status).toBe(401);
    const denied = await postZip(zip, 'application/zip', clinician);
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe('PERMISSION_DENIED');
  });

  it('GET export: 200 application/zip named <pipeline>-<semver>.studio.zip; 404 for an unknown version', async () => {
    const res = await exportZip(versionId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('route-seg-1.0.0.studio.zip');
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['card.json', 'manifest.json', 'metadata.json', `models/${sha256}.onnx`, 'pipeline.json']);
    const missing = await exportZip('pv_nope');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NOT_FOUND');
  });

  it('POST import: the same content again is 200 created:false (raw body and multipart); a tampered bundle is 422 naming the file', async () => {
    const zip = new Uint8Array(await (await exportZip(versionId)).arrayBuffer());
    const res = await postZip(zip);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ contentHash, created: false, versionId });
    const form = new FormData();
    form.append('file', new Blob([zip as Uint8Array<ArrayBuffer>]), 'route-seg-1.0.0.studio.zip');
    const multi = await routes.imp.POST(new Request('http://studio.test/api/versions/import', { method: 'POST', body: form, headers: { cookie: engineer } }));
    expect(multi.status).toBe(200);

    const files = unzipSync(zip);
    files['pipeline.json'] = strToU8(new TextDecoder().decode(files['pipeline.json']).replace('min-max', 'z-score'));
    const bad = await postZip(zipSync(files as Zippable));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: 'BUNDLE_TAMPERED', details: { file: 'pipeline.json' } });
    const notZip = await postZip(strToU8('hello'), 'text/plain');
    expect(notZip.status).toBe(415);
  });

  it('studio version export | import moves the version to another instance with the same content hash', async () => {
    const file = path.join(otherDir, 'v.studio.zip');
    const env = { DATABASE_URL: t.url, STUDIO_DATA_DIR: dataDir, STUDIO_SEED_DEMO: 'false' };
    const exp = await studio(['version', 'export', versionId, '--out', file], env);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.json).toMatchObject({ semver: '1.0.0', contentHash, models: [sha256] });
    const imp = await studio(['version', 'import', file], { DATABASE_URL: other.url, STUDIO_DATA_DIR: otherDir, STUDIO_SEED_DEMO: 'false' });
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.json).toMatchObject({ contentHash, semver: '1.0.0', created: true, createdPipeline: true, models: [sha256] });

    const bytes = readFileSync(file);
    bytes[bytes.length - 30] ^= 0xff; // inside the central directory
    writeFileSync(file, bytes);
    const refused = await studio(['version', 'import', file], { DATABASE_URL: other.url, STUDIO_DATA_DIR: otherDir, STUDIO_SEED_DEMO: 'false' });
    expect(refused.code).toBe(1);
    expect(refused.json.error.code).toMatch(/^BUNDLE_(INVALID|TAMPERED)$/);
  });
});
