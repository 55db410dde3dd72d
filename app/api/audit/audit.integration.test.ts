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
    root: typeof import('../../_server/trpc/root');
    init: typeof import('../../_server/trpc/init');
  };
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-audit-routes-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.stubEnv('STUDIO_SEED_DEMO', 'false');
    vi.resetModules();
    m = {
      scan: await import('../uploads/scan/route'),
      blob: await import('../blobs/[sha256]/route'),
      volume: await import('../scans/[id]/volume/route'),
      exporter: await import('./export/route'),
      root: await import('../../_server/trpc/root'),
      init: await import('../../_server/trpc/init'),
    };
    // Requests act for the signed-in demo admin (sessions made directly: no sign-in events).
    const { admin: a } = await demoSessionCookies();
    admin = a.userId;
    headers.cookie = a.cookie;
  });
  afterAll(async () => {
    const { getDb } = await import('../../_server/db');
    const { closeDb } = await import('../../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let admin = '';
  const headers: Record<string, string> = { 'user-agent': 'audit-test/1.0', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' };
  const trpc = async (p: string, input?: unknown, method: 'GET' | 'POST' = 'GET') => {
    const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const req = new Request(`http://studio.test/api/trpc/${p}${method === 'GET' ? q : ''}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
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
    expect(lines[0]).toBe('id,at,actorType,actorId,action,objectType,objectId,details,origin,prevHash,hash');
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
});
