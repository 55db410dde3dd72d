import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDemoScan } from '../../../demo/scan';
import { createTestDatabase, type TestDatabase } from '../../../drizzle/test-db';
import { demoSessionCookies } from '../../../test/sign-in';

/**
 * Audit over HTTP as Next serves it: uploads, downloads and viewer requests record who and
 * from where; /api/trpc audit.list / audit.verify; /api/audit/export as CSV and JSON.
 * env is read at import, so it is stubbed before the route modules load.
 */
describe('audit through the route handlers and tRPC (real PostgreSQL)', () => {
  let t: TestDatabase;
  let dataDir: string;
  let m: {
    scan: typeof import('../uploads/scan/route');
    blob: typeof import('../blobs/[sha256]/route');
    volume: typeof import('../scans/[id]/volume/route');
    exporter: typeof import('./export/route');
    root: typeof import('../../_trpc/trpc/root');
    init: typeof import('../../_trpc/trpc/init');
    authRoute: typeof import('../auth/[...all]/route');
  };
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-audit-routes-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.stubEnv('STUDIO_SEED_DEMO', 'false');
    vi.stubEnv('STUDIO_TRUSTED_PROXIES', '10.0.0.1'); // the proxy that appends the client's address
    vi.resetModules();
    m = {
      scan: await import('../uploads/scan/route'),
      blob: await import('../blobs/[sha256]/route'),
      volume: await import('../scans/[id]/volume/route'),
      exporter: await import('./export/route'),
      root: await import('../../_trpc/trpc/root'),
      init: await import('../../_trpc/trpc/init'),
      authRoute: await import('../auth/[...all]/route'),
    };
    // Requests act for the signed-in demo admin (sessions made directly: no sign-in events).
    const { admin: a } = await demoSessionCookies();
    admin = a.userId;
    headers.cookie = a.cookie;
  });
  afterAll(async () => {
    const { getDb } = await import('../../../server/db');
    const { closeDb } = await import('../../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let admin = '';
  const headers: Record<string, string> = { 'user-agent': 'audit-test/1.0', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' };
  const trpc = async (p: string, input?: unknown, method: 'GET' | 'POST' = 'GET', as: Record<string, string> = headers) => {
    const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const req = new Request(`http://studio.test/api/trpc/${p}${method === 'GET' ? q : ''}`, { method, headers: { ...as, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: m.root.appRouter, createContext: m.init.createContext });
    return { status: res.status, body: await res.json() };
  };

  it('records upload, view and download with the signed-in admin and the request origin', async () => {
    const form = new FormData();
    form.append('file', new Blob([writeDemoScan({ size: 16 }) as Uint8Array<ArrayBuffer>]), 'Doe^Jane.nii.gz');
    const up = await m.scan.POST(new Request('http://studio.test/api/uploads/scan', { method: 'POST', body: form, headers }));
    expect(up.status).toBe(201);
    const { scanId } = await up.json();
    const vol = await m.volume.GET(new Request('http://studio.test/x', { headers }), { params: Promise.resolve({ id: scanId }) });
    const sha256 = vol.headers.get('etag')!.replace(/"/g, '');
    await vol.arrayBuffer();
    const dl = await m.blob.GET(new Request(`http://studio.test/api/blobs/${sha256}?name=labels.nii.gz`, { headers }), { params: Promise.resolve({ sha256 }) });
    await dl.arrayBuffer();
    const missing = await m.blob.GET(new Request(`http://studio.test/api/blobs/${'0'.repeat(64)}`, { headers }), { params: Promise.resolve({ sha256: '0'.repeat(64) }) });
    expect(missing.status).toBe(404); // nothing served, nothing recorded

    const { status, body } = await trpc('audit.list', {});
    expect(status).toBe(200);
    const items = body.result.data.items as { action: string; objectId: string; actor: unknown; origin: unknown; details: unknown }[];
    expect(items.map((e) => [e.action, e.objectId])).toEqual([
      ['output.downloaded', sha256],
      ['result.viewed', scanId],
      ['scan.uploaded', scanId],
    ]);
    for (const e of items) {
      expect(e.actor).toEqual({ type: 'user', id: admin });
      expect(e.origin).toEqual({ ip: '203.0.113.9', userAgent: 'audit-test/1.0', workspaceId: 'ws_default' });
    }
    expect(JSON.stringify(items)).not.toMatch(/Doe/); // the file name (a patient name here) stays out
  });

  it('filters and pages through tRPC, and verifies the chain', async () => {
    const page = await trpc('audit.list', { limit: 1, actor: admin });
    expect(page.body.result.data.items).toHaveLength(1);
    const next = await trpc('audit.list', { limit: 5, cursor: page.body.result.data.nextCursor });
    expect(next.body.result.data.items.map((e: { action: string }) => e.action)).toEqual(['result.viewed', 'scan.uploaded']);
    const bad = await trpc('audit.list', { action: 'not.an.action' });
    expect(bad.status).toBe(400);
    const verify = await trpc('audit.verify', undefined, 'POST');
    expect(verify.body.result.data).toMatchObject({ ok: true, checked: 3, firstBroken: null });
  });

  it('exports CSV and JSON with filters, and records the export', async () => {
    const csv = await m.exporter.GET(new Request('http://studio.test/api/audit/export?format=csv&objectType=scan', { headers }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actorType,actorId,action,objectType,objectId,details,origin,workspaceId,prevHash,hash,keyId');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['"result.viewed"', '"scan.uploaded"']);
    const json = await m.exporter.GET(new Request('http://studio.test/api/audit/export?format=json', { headers }));
    const all = (await json.json()) as { action: string; details: Record<string, unknown> }[];
    expect(all[0]).toMatchObject({ action: 'audit.exported', details: { format: 'csv', rows: 2 } });
    expect(all).toHaveLength(4); // the JSON export records itself after reading
    const anonymous = await m.exporter.GET(new Request('http://studio.test/api/audit/export?format=json'));
    expect([anonymous.status, (await anonymous.json()).error.code]).toEqual([401, 'AUTH_REQUIRED']);
    const invalid = await m.exporter.GET(new Request('http://studio.test/api/audit/export?from=yesterday', { headers }));
    expect(invalid.status).toBe(400);
    expect((await trpc('audit.verify', undefined, 'POST')).body.result.data).toMatchObject({ ok: true, checked: 5 });
  });

  /**
   * Workspace B's events (a run ending in the executor, sign-ins, a failed sign-in naming B's
   * admin, sign-out, a key use) are B's: absent from A's list and export, present in B's. A failed
   * sign-in of an email that is nobody's is in no workspace's view.
   */
  it('keeps each workspace to its own events in the list and the export (security)', async () => {
    const { getDb } = await import('../../../server/db');
    const { getAuth } = await import('../../../server/auth');
    const { createUser } = await import('../../../server/auth/users');
    const { memberships, workspaces } = await import('../../../drizzle/schema');
    const { LocalBlobStore } = await import('../../../server/blobs/local-store');
    const { testPrincipal } = await import('../../../server/test-fixtures');
    const { createScanFromBytes } = await import('../../../server/scans/service');
    const { registerModelBytes } = await import('../../../server/models/service');
    const { createPipeline } = await import('../../../server/pipelines/service');
    const { publishVersion } = await import('../../../server/versions/service');
    const { startRun } = await import('../../../server/runs/service');
    const { createDbRecorder } = await import('../../../server/runs/recorder');
    const { createApiKey, authenticateApiKey } = await import('../../../server/keys/service');
    const { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } = await import('../../../demo/tissue-classifier');
    const { segmentationGraph } = await import('../../../server/test-fixtures');
    const db = await getDb();
    await db.insert(workspaces).values({ id: 'ws_b', name: 'B' });
    const bEmail = 'b-admin@b.test';
    const password = 'b-admin-password-123';
    const { id: bAdmin } = await createUser(await getAuth(), { email: bEmail, name: 'B admin', password });
    await db.insert(memberships).values({ workspaceId: 'ws_b', userId: bAdmin, role: 'admin' });

    const signIn = (email: string, pw: string) =>
      m.authRoute.POST(new Request('http://studio.test/api/auth/sign-in/email', { method: 'POST', headers: { ...headers, origin: 'http://studio.test', 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) }));
    expect((await signIn(bEmail, 'wrong-password-123')).status).toBe(401);
    expect((await signIn('nobody@nowhere.test', 'wrong-password-123')).status).toBe(401);
    const ok = await signIn(bEmail, password);
    expect(ok.status).toBe(200);
    const bCookie = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const asB = { ...headers, cookie: bCookie };

    // A run of B ends in the executor (recorder), a key of B is used.
    const b = { db, blobs: new LocalBlobStore(dataDir), principal: testPrincipal('admin', 'ws_b', bAdmin), executor: async () => ({ name: 'embedded' as const, start: async () => {}, wait: async () => ({}) as never, cancel: async () => {} }) };
    const { sha256 } = await registerModelBytes(b, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    const pipelineId = (await createPipeline(b, { name: 'B seg', graph: segmentationGraph({ sha256 }, 'B seg') })).id;
    const versionId = (await publishVersion(b, { pipelineId, bump: 'major' })).id;
    const scan = await createScanFromBytes(b, { name: 'b', files: [{ fileName: 'b.nii.gz', bytes: writeDemoScan({ size: 12 }) }] });
    const { runId } = await startRun(b, { versionId, scanId: scan.id });
    await createDbRecorder(db).runStatus(runId, 'succeeded');
    const key = await createApiKey(b, { workspaceId: 'ws_b', name: 'b key', actions: ['run.read.all'], createdBy: bAdmin });
    await authenticateApiKey({ db }, key.secret);

    type Item = { action: string; objectId: string | null; workspaceId: string | null; details: Record<string, unknown> };
    const list = async (as: Record<string, string>) => (await trpc('audit.list', { limit: 500 }, 'GET', as)).body.result.data.items as Item[];
    const exported = async (as: Record<string, string>) => (await (await m.exporter.GET(new Request('http://studio.test/api/audit/export?format=json', { headers: as }))).json()) as Item[];
    const bItems = await list(asB);
    const expected = [['run.finished', runId], ['key.used', key.key.id], ['auth.signed-in', null], ['auth.sign-in-failed', null]];
    for (const [action, objectId] of expected) expect(bItems.map((e) => [e.action, e.objectId]), String(action)).toContainEqual([action, objectId]);
    expect(bItems.every((e) => e.workspaceId === 'ws_b')).toBe(true);
    expect(bItems.find((e) => e.action === 'auth.sign-in-failed')!.details).toMatchObject({ email: bEmail });
    for (const items of [await list(headers), await exported(headers)]) {
      expect(items.length).toBeGreaterThan(0);
      expect(items.filter((e) => e.workspaceId !== 'ws_default')).toEqual([]);
      const text = JSON.stringify(items);
      for (const leak of [runId, key.key.id, bEmail, 'nobody@nowhere.test', bAdmin]) expect(text).not.toContain(leak);
    }
    expect(JSON.stringify(await exported(asB))).not.toContain('nobody@nowhere.test');

    // Sign-out is recorded in B too; the chain (global) still verifies.
    const out = await m.authRoute.POST(new Request('http://studio.test/api/auth/sign-out', { method: 'POST', headers: { ...asB, origin: 'http://studio.test' } }));
    expect(out.status).toBe(200);
    const again = (await signIn(bEmail, password)).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await list({ ...headers, cookie: again })).map((e) => e.action)).toContain('auth.signed-out');
    expect((await list(headers)).map((e) => e.action)).not.toContain('auth.signed-out');
    expect((await trpc('audit.verify', undefined, 'POST')).body.result.data).toMatchObject({ ok: true, failures: [] });
  });
});
