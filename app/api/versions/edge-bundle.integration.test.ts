import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../../demo/tissue-classifier';
import { createTestDatabase, type TestDatabase } from '../../../drizzle/test-db';
import { models } from '../../../drizzle/schema';
import type { BundleManifest } from '../../../runtimes/edge/manifest';
import { demoSessionCookies } from '../../../test/sign-in';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const get = (route: typeof import('./[id]/edge-bundle/route'), id: string, cookie?: string) =>
  route.GET(new Request(`http://studio.test/api/versions/${id}/edge-bundle`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ id }) });

/**
 * The edge bundle route handler as Next calls it, on a fresh PostgreSQL database and blob
 * directory (env is read at import, so it is stubbed before the modules load).
 */
describe('GET /api/versions/<id>/edge-bundle', () => {
  let t: TestDatabase;
  let dataDir: string;
  let route: typeof import('./[id]/edge-bundle/route');
  let deps: import('../../../server/context').ServiceDeps;
  let version: { id: string; semver: string };
  let modelSha: string;
  let engineer: string;
  let clinician: string;

  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-edge-route-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.stubEnv('STUDIO_SEED_DEMO', 'false');
    vi.resetModules();
    route = await import('./[id]/edge-bundle/route');
    deps = await (await import('../../../server/process')).processServices();
    const { registerModelBytes } = await import('../../../server/models/service');
    const { createPipeline } = await import('../../../server/pipelines/service');
    const { publishVersion } = await import('../../../server/versions/service');
    modelSha = (await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() })).sha256;
    const graph = JSON.parse(readFileSync(path.resolve('examples/pipelines/demo-tissue.json'), 'utf8'));
    const { id } = await createPipeline(deps, { name: 'Edge route demo', graph: { ...graph, name: 'Edge route demo' } });
    version = await publishVersion(deps, { pipelineId: id, bump: 'major' });
    // The route acts for a signed-in member: the demo engineer (may export/import) and clinician (may not).
    ({ engineer: { cookie: engineer }, clinician: { cookie: clinician } } = await demoSessionCookies());
  });
  afterAll(async () => {
    const { getDb } = await import('../../../server/db');
    const { closeDb } = await import('../../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams a zip named after the version whose manifest pins the version graph and hashes every file', async () => {
    const res = await get(route, version.id, engineer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="edge-route-demo-v1\.0\.0-edge\.zip"/);
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(zip.byteLength);
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;

    const { getVersion } = await import('../../../server/versions/repo');
    const stored = (await getVersion(deps.db, version.id))!;
    expect(manifest.pipeline.version).toBe(stored.semver);
    expect(manifest.pipeline.graph).toEqual(stored.graph);
    const pinned = stored.graph.nodes.filter((n) => n.kind === 'model.onnx').map((n) => (n.params.model as { sha256: string }).sha256);
    expect(pinned).toEqual([modelSha]);
    expect(manifest.models.map((m) => m.sha256)).toEqual(pinned);
    // the model file in the zip is the blob the version pinned, byte for byte
    expect(sha(files[`models/${modelSha}.onnx`])).toBe(modelSha);
    // every other file is listed with its hash, and nothing else is in the zip
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(files).filter((f) => f !== 'manifest.json').sort());
    // the card pinned at publish travels with it
    const card = JSON.parse(new TextDecoder().decode(files['card.json']));
    expect(card).toMatchObject({ schema: 'studio.version-card/v1', pipeline: { semver: stored.semver, contentHash: stored.contentHash }, models: [{ sha256: modelSha }] });
    for (const [f, h] of Object.entries(manifest.files)) expect({ f, h: sha(files[f]) }).toEqual({ f, h });

    const { listAuditPage } = await import('../../../server/audit/log');
    const { items } = await listAuditPage(deps, { action: 'version.exported', objectId: version.id });
    expect(items).toHaveLength(1);
    expect(items[0].details).toMatchObject({ target: 'edge', sizeBytes: zip.byteLength, models: [modelSha] });
  });

  it('refuses anonymous callers (401) and members without version.export (403)', async () => {
    const anon = await get(route, version.id);
    expect([anon.status, (await anon.json()).error.code]).toEqual([401, 'AUTH_REQUIRED']);
    const denied = await get(route, version.id, clinician);
    expect([denied.status, (await denied.json()).error.code]).toEqual([403, 'PERMISSION_DENIED']);
  });

  it('404s an unknown version with the typed error', async () => {
    const res = await get(route, 'pv_nope', engineer);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('refuses with TARGET_UNSUPPORTED, naming the operator, when the model cannot run on the edge target', async () => {
    // The stored signature of the pinned model gains an operator onnxruntime-node has no kernel for.
    const [row] = await deps.db.select().from(models).where(eq(models.sha256, modelSha));
    await deps.db.update(models).set({ signature: { ...row.signature, operators: [...row.signature.operators, 'com.example.Magic'] } }).where(eq(models.sha256, modelSha));
    try {
      const res = await get(route, version.id, engineer);
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe('TARGET_UNSUPPORTED');
      expect(error.message).toMatch(/com\.example\.Magic/);
      expect(error.details.target).toBe('edge-node');
    } finally {
      await deps.db.update(models).set({ signature: row.signature }).where(eq(models.sha256, modelSha));
    }
  });
});
