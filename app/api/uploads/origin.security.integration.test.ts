import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDemoScan } from '../../../demo/scan';
import { routeProcess, type RouteProcess } from '../../../test/route-process';
import { demoSessionCookies } from '../../../test/sign-in';

/**
 * Issue 11 §6: the multipart routes (a cross-origin form can post them without a preflight)
 * refuse a session cookie sent from a foreign origin with 403 ORIGIN_FORBIDDEN; the studio's own
 * loopback origin and API keys without cookies pass the check.
 */
type Handler = (req: Request) => Promise<Response>;

describe('security: origin check of the multipart routes', () => {
  let proc: RouteProcess;
  let routes: Record<string, Handler>;
  let cookie: string;
  let apiKey: string;

  beforeAll(async () => {
    proc = await routeProcess('origin');
    routes = {
      '/api/uploads/scan': (await import('./scan/route')).POST,
      '/api/uploads/model': (await import('./model/route')).POST,
      '/api/versions/import': (await import('../versions/import/route')).POST,
      '/api/dicomweb/studies': (await import('../dicomweb/studies/route')).POST,
    };
    const people = await demoSessionCookies();
    cookie = people.engineer.cookie;
    const { processServices } = await import('../../../server/process');
    const { createApiKey } = await import('../../../server/keys/service');
    ({ secret: apiKey } = await createApiKey(await processServices(), { workspaceId: 'ws_default', name: 'origin test', actions: ['scan.upload'], createdBy: people.admin.userId }));
  });
  afterAll(async () => {
    await proc?.close();
  });

  const send = (route: string, headers: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob([writeDemoScan({ size: 8 }) as Uint8Array<ArrayBuffer>]), 'phantom.nii.gz');
    return routes[route](new Request(`http://127.0.0.1:3000${route}`, { method: 'POST', body: form, headers: { host: '127.0.0.1:3000', ...headers } }));
  };
  const codeOf = async (res: Response) => ((await res.clone().json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
  const ROUTES = ['/api/uploads/scan', '/api/uploads/model', '/api/versions/import', '/api/dicomweb/studies'];

  const forged: Record<string, string>[] = [
    { origin: 'http://evil.example' },
    { origin: 'null' },
    { origin: 'http://127.0.0.1:3001' },
    { origin: 'http://localhost:3000' },
    { 'sec-fetch-site': 'cross-site' },
    { referer: 'http://evil.example/page' },
    { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'cross-site' },
  ];
  for (const route of ROUTES) {
    it.each(forged)(`${route}: a session cookie with %o is refused 403 ORIGIN_FORBIDDEN`, async (h) => {
      const res = await send(route, { cookie, ...h });
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('ORIGIN_FORBIDDEN');
    });

    it(`${route}: the studio's own origin passes the check`, async () => {
      const res = await send(route, { cookie, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
      expect(await codeOf(res)).not.toBe('ORIGIN_FORBIDDEN');
      expect([401, 403]).not.toContain(res.status);
    });

    it(`${route}: an API key without cookies is not a browser session and passes the check`, async () => {
      const res = await send(route, { authorization: `Bearer ${apiKey}`, origin: 'http://evil.example' });
      expect(await codeOf(res)).not.toBe('ORIGIN_FORBIDDEN');
    });
  }

  it('an API key with scan.upload uploads a scan from any origin (201)', async () => {
    const res = await send('/api/uploads/scan', { authorization: `Bearer ${apiKey}`, origin: 'http://evil.example' });
    expect(res.status).toBe(201);
  });
});
