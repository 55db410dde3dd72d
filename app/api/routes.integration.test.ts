import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDemoScan } from '../../demo/scan';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { demoSessionCookies } from '../../test/sign-in';

/**
 * The route handlers as Next calls them (Request in, Response out), wired through env to a
 * fresh PostgreSQL database and a temp data dir. env is read at import, so it is stubbed first.
 */
describe('upload, blob and volume route handlers', () => {
  let t: TestDatabase;
  let dataDir: string;
  let routes: {
    scan: typeof import('./uploads/scan/route');
    model: typeof import('./uploads/model/route');
    blob: typeof import('./blobs/[sha256]/route');
    volume: typeof import('./scans/[id]/volume/route');
  };
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false }); // the app migrates on first use
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-routes-'));
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('STUDIO_DATA_DIR', dataDir);
    vi.stubEnv('UPLOAD_LIMIT_BYTES', String(256 * 1024));
    vi.resetModules();
    routes = {
      scan: await import('./uploads/scan/route'),
      model: await import('./uploads/model/route'),
      blob: await import('./blobs/[sha256]/route'),
      volume: await import('./scans/[id]/volume/route'),
    };
    auth.cookie = (await demoSessionCookies()).engineer.cookie;
  });
  afterAll(async () => {
    const { getDb } = await import('../../server/db');
    const { closeDb } = await import('../../drizzle/client');
    await closeDb(await getDb());
    vi.unstubAllEnvs();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const auth: Record<string, string> = {};
  const get = (url: string) => new Request(url, { headers: auth });
  const post = (file: { name: string; bytes: Uint8Array }) => {
    const form = new FormData();
    form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
    return new Request('http://studio.test/api/uploads', { method: 'POST', body: form, headers: auth });
  };

  it('uploads a scan (201) and serves it as a .nii.gz volume and as a blob download', async () => {
    const bytes = writeDemoScan({ size: 24 });
    const res = await routes.scan.POST(post({ name: 'phantom.nii.gz', bytes }));
    expect(res.status).toBe(201);
    const { scanId } = await res.json();
    const vol = await routes.volume.GET(get('http://studio.test/x'), { params: Promise.resolve({ id: scanId }) });
    expect(vol.status).toBe(200);
    expect(new Uint8Array(await vol.arrayBuffer())).toEqual(bytes);
    const missing = await routes.volume.GET(get('http://studio.test/x'), { params: Promise.resolve({ id: 'scan_nope' }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'scan scan_nope not found' } });
  });

  it('answers upload errors as JSON with the mapped status', async () => {
    const tooBig = await routes.scan.POST(post({ name: 'big.nii', bytes: new Uint8Array(300 * 1024) }));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe('UPLOAD_TOO_LARGE');
    const empty = await routes.scan.POST(post({ name: 'empty.nii.gz', bytes: new Uint8Array(0) }));
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe('EMPTY_UPLOAD');
    const notMultipart = await routes.scan.POST(new Request('http://studio.test/x', { method: 'POST', body: 'hi', headers: auth }));
    expect(notMultipart.status).toBe(400);
  });

  it('uploads a model and downloads it by sha256 with its recorded name and type, whatever the query says', async () => {
    const onnx = buildTissueClassifier();
    const res = await routes.model.POST(post({ name: 'tissue.onnx', bytes: onnx }));
    expect(res.status).toBe(201);
    const { sha256 } = await res.json();
    const dl = await routes.blob.GET(get(`http://studio.test/api/blobs/${sha256}?name=t.html&type=text/html&inline=1`), {
      params: Promise.resolve({ sha256 }),
    });
    // the name the bytes were first registered under (the demo seed registers the same model)
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="(demo-tissue-classifier|tissue)\.onnx"/);
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(new Uint8Array(onnx)); // onnx is a protobufjs Buffer
    const bad = await routes.blob.GET(get('http://studio.test/api/blobs/..'), { params: Promise.resolve({ sha256: '..' }) });
    expect(bad.status).toBe(400);
  });

  it('charges every download to whoever downloads it, at the rate card price per GB, and sums them on the cost page', async () => {
    const onnx = buildTissueClassifier();
    const { sha256 } = await (await routes.model.POST(post({ name: 'priced.onnx', bytes: onnx }))).json();
    const { getDb } = await import('../../server/db');
    const { costLedger, users } = await import('../../drizzle/schema');
    const { currentRateCard } = await import('../../server/cost/ledger');
    const { costSummary } = await import('../../server/cost/summary');
    const db = await getDb();
    const [engineer] = (await db.select().from(users)).filter((u) => u.email === 'engineer@demo.local');
    const mine = async () => (await db.select().from(costLedger)).filter((e) => (e.details as { download?: { sha256: string } }).download?.sha256 === sha256);
    const before = (await mine()).length; // the test above downloaded the same model once
    for (const inline of ['', '&inline=1']) {
      const res = await routes.blob.GET(get(`http://studio.test/api/blobs/${sha256}?name=p.onnx${inline}`), { params: Promise.resolve({ sha256 }) });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const entries = (await mine()).slice(before);
    const rate = (await currentRateCard(db, 'ws_default')).rates.gbDownloaded;
    expect(entries).toHaveLength(2); // viewed and saved: two transfers, two charges
    for (const e of entries) {
      expect(e).toMatchObject({ kind: 'charge', runId: null, workspaceId: 'ws_default', amountNano: Math.round((onnx.length / 1e9) * rate * 1e9) });
      expect(e.userId).toBe(engineer.id); // the signed-in engineer who downloaded
      expect((e.details as { download: { bytes: number } }).download.bytes).toBe(onnx.length);
    }
    const summary = await costSummary({ db }, { workspaceId: 'ws_default', from: new Date(0), to: new Date(Date.now() + 60_000) });
    expect(summary.downloads.count).toBeGreaterThanOrEqual(2);
    expect(summary.downloads.bytes).toBeGreaterThanOrEqual(2 * onnx.length);
    expect(summary.downloads.actualNano).toBeGreaterThanOrEqual(entries[0].amountNano * 2);
  });

  it("security: a model blob of this workspace is 404 for another workspace's key until that workspace registers the bytes", async () => {
    const onnx = buildTissueClassifier();
    const { sha256 } = await (await routes.model.POST(post({ name: 'mine.onnx', bytes: onnx }))).json();
    const { getDb, getBlobs } = await import('../../server/db');
    const { workspaces } = await import('../../drizzle/schema');
    const { createApiKey } = await import('../../server/keys/service');
    const { registerModelBytes } = await import('../../server/models/service');
    const db = await getDb();
    await db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
    const { secret } = await createApiKey({ db }, { workspaceId: 'ws_other', name: 'other', actions: ['run.read'], createdBy: 'u-other' });
    const asOther = () => routes.blob.GET(new Request(`http://studio.test/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({ sha256 }) });
    const refused = await asOther();
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe('NOT_FOUND');
    await registerModelBytes({ db, blobs: getBlobs(), principal: { kind: 'key', keyId: 'k', workspaceId: 'ws_other', actions: ['run.read'], createdBy: 'u-other' } }, { fileName: 'theirs.onnx', bytes: onnx });
    const allowed = await asOther();
    expect(allowed.status).toBe(200);
    expect(new Uint8Array(await allowed.arrayBuffer())).toEqual(new Uint8Array(onnx));
  });
});
