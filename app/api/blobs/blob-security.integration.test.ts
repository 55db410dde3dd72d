import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { routeProcess, type RouteProcess } from '../../../test/route-process';
import { demoSessionCookies } from '../../../test/sign-in';
import { HOSTILE_QUERIES, scriptNifti, scriptOnnx } from '../../../test/stored-script';

/**
 * security: stored content is served with the type recorded when it was stored, as an
 * attachment (allow-listed raster images alone are inline), never sniffed and sandboxed,
 * whatever the query string says. Route handlers as Next calls them, on real PostgreSQL.
 */
describe('security: stored blobs never render as a page', () => {
  let proc: RouteProcess;
  let routes: {
    scan: typeof import('../uploads/scan/route');
    model: typeof import('../uploads/model/route');
    blob: typeof import('./[sha256]/route');
    volume: typeof import('../scans/[id]/volume/route');
  };
  const cookies: Record<'admin' | 'engineer' | 'clinician', string> = { admin: '', engineer: '', clinician: '' };
  beforeAll(async () => {
    proc = await routeProcess('blob-security', { STUDIO_SEED_DEMO: '' }); // '': the default, seeded
    routes = {
      scan: await import('../uploads/scan/route'),
      model: await import('../uploads/model/route'),
      blob: await import('./[sha256]/route'),
      volume: await import('../scans/[id]/volume/route'),
    };
    const people = await demoSessionCookies();
    for (const k of ['admin', 'engineer', 'clinician'] as const) cookies[k] = people[k].cookie;
  });
  afterAll(async () => {
    await proc?.close();
  });

  const upload = async (route: { POST(r: Request): Promise<Response> }, who: keyof typeof cookies, name: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    const res = await route.POST(new Request('http://studio.test/api/uploads', { method: 'POST', body: form, headers: { cookie: cookies[who] } }));
    expect(res.status).toBe(201);
    return (await res.json()) as { scanId?: string; sha256?: string };
  };
  const getBlob = (sha256: string, query: string) =>
    routes.blob.GET(new Request(`http://studio.test/api/blobs/${sha256}${query}`, { headers: { cookie: cookies.admin } }), { params: Promise.resolve({ sha256 }) });

  function expectSafe(res: Response, type: string, fileName: string) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${fileName.replace(/\./g, '\\.')}"`));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(res.headers.get('x-injected')).toBeNull();
  }

  it("a clinician's NIfTI with <script> in its header extension is an attachment of its recorded type under every query", async () => {
    const bytes = scriptNifti("document.title='PWNED'");
    const { scanId } = await upload(routes.scan, 'clinician', 'brain.nii', bytes);
    const vol = await routes.volume.GET(new Request('http://studio.test/x', { headers: { cookie: cookies.admin } }), { params: Promise.resolve({ id: scanId! }) });
    expectSafe(vol, 'application/gzip', 'brain.nii.gz');
    await vol.arrayBuffer();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    for (const q of HOSTILE_QUERIES) {
      const res = await getBlob(sha256, q);
      expectSafe(res, 'application/octet-stream', 'brain.nii');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
  });

  it("an engineer's ONNX model with an HTML doc_string is an application/octet-stream attachment under every query", async () => {
    const bytes = scriptOnnx("document.title='PWNED'");
    const { sha256 } = await upload(routes.model, 'engineer', 'segmenter.onnx', bytes);
    for (const q of HOSTILE_QUERIES) {
      const res = await getBlob(sha256!, q);
      expectSafe(res, 'application/octet-stream', 'segmenter.onnx');
      await res.arrayBuffer();
    }
  });
});
