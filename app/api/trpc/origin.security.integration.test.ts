import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { routeProcess, type RouteProcess } from '../../../test/route-process';
import { demoSessionCookies } from '../../../test/sign-in';

/**
 * Red-team: tRPC (and its REST face) ran mutations posted cross-origin as multipart/form-data or
 * text/plain (no preflight; a page on another loopback port is same-site, so the cookie rides
 * along). A session-cookie request that is not a GET must come from an accepted origin (403
 * ORIGIN_FORBIDDEN); same-origin calls and API keys (no cookie) are unaffected.
 */
type Handler = (req: Request) => Promise<Response>;
const BASE = 'http://127.0.0.1:3000';

describe('security: origin check of /api/trpc and /api/v1 mutations', () => {
  let proc: RouteProcess;
  let trpc: Handler;
  let rest: Handler;
  let cookie: string;
  let apiKey: string;

  beforeAll(async () => {
    proc = await routeProcess('trpc-origin');
    trpc = (await import('./[trpc]/route')).POST;
    rest = (await import('../v1/[...path]/route')).POST;
    const people = await demoSessionCookies();
    cookie = people.admin.cookie;
    const { processServices } = await import('../../../server/process');
    const { createApiKey } = await import('../../../server/keys/service');
    ({ secret: apiKey } = await createApiKey(await processServices(), { workspaceId: 'ws_default', name: 'origin test', actions: ['run.start'], createdBy: people.admin.userId }));
  });
  afterAll(async () => {
    await proc?.close();
  });

  const bodies = {
    form: () => new FormData(),
    text: () => new Blob(['{}'], { type: 'text/plain' }),
    json: () => new Blob(['{}'], { type: 'application/json' }),
  };
  const call = (h: Handler, p: string, headers: Record<string, string>, body: keyof typeof bodies = 'form') =>
    h(new Request(`${BASE}${p}`, { method: 'POST', body: bodies[body](), headers: { host: '127.0.0.1:3000', ...headers } }));
  const codeOf = async (res: Response) => {
    const j = (await res.clone().json().catch(() => ({}))) as { error?: { code?: unknown; data?: { appCode?: string } } };
    return j.error?.data?.appCode ?? j.error?.code;
  };

  const forged: Array<[Record<string, string>, keyof typeof bodies]> = [
    [{ origin: 'http://127.0.0.1:9999' }, 'form'],
    [{ origin: 'http://127.0.0.1:9999' }, 'text'],
    [{ origin: 'http://evil.example' }, 'json'],
    [{ origin: 'null' }, 'form'],
    [{ 'sec-fetch-site': 'cross-site' }, 'form'],
    [{ referer: 'http://localhost:9999/page' }, 'text'],
  ];
  it.each(forged)('tRPC audit.verify with the admin cookie, %o, %s body: 403 ORIGIN_FORBIDDEN', async (h, body) => {
    const res = await call(trpc, '/api/trpc/audit.verify', { cookie, ...h }, body);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('ORIGIN_FORBIDDEN');
  });
  it.each(forged)('REST POST /api/v1/runs with the admin cookie, %o, %s body: 403 ORIGIN_FORBIDDEN', async (h, body) => {
    const res = await call(rest, '/api/v1/runs', { cookie, ...h }, body);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('ORIGIN_FORBIDDEN');
  });

  it('the studio page itself (same origin) still runs audit.verify: 200', async () => {
    const res = await call(trpc, '/api/trpc/audit.verify', { cookie, origin: BASE, 'sec-fetch-site': 'same-origin' }, 'json');
    expect(res.status).toBe(200);
  });
  it('the same origin passes the check on REST (the bad input is judged, 400)', async () => {
    const res = await call(rest, '/api/v1/runs', { cookie, origin: BASE }, 'json');
    expect(res.status).toBe(400);
  });
  it('an API key (no cookie) from any origin is not a browser session: judged on its input, not its origin', async () => {
    for (const [h, p] of [[trpc, '/api/trpc/runs.start'], [rest, '/api/v1/runs']] as const) {
      const res = await call(h, p, { authorization: `Bearer ${apiKey}`, origin: 'http://evil.example' }, 'json');
      expect(res.status).toBe(400);
    }
  });
});
