import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { routeProcess, type RouteProcess } from '../../../test/route-process';
import { signInFailures } from '../../../drizzle/schema';
import { OFF_SITE_NEXT } from '../../../test/open-redirect';

/**
 * Issue 11 §6 against the route handlers as Next calls them (Request in, Response out), on a
 * fresh PostgreSQL database: origins of sign-in/sign-out, the per-account lockout and the
 * rate limit under rotating X-Forwarded-For, common passwords, the demo route's `next`; the
 * red-team's second pass: body size, form-encoded lockout bypass, buckets shared by everyone.
 */
const PORT = 4123;
const BASE_SECONDS = 30;
const CEILING = 100;

describe('security: sign-in (origins, lockout, rate limit, passwords, redirects)', () => {
  let proc: RouteProcess;
  let auth: typeof import('./[...all]/route');
  let demo: typeof import('./demo/route');
  let DEMO_PASSWORD: string;

  beforeAll(async () => {
    proc = await routeProcess('signin', {
      STUDIO_DEMO_SIGN_IN: 'true',
      STUDIO_PUBLIC_URL: 'https://studio.example.org',
      STUDIO_SIGN_IN_LOCK_BASE_SECONDS: String(BASE_SECONDS),
      STUDIO_SIGN_IN_ATTEMPTS_PER_MINUTE: '5', // per client, only behind a trusted proxy
      STUDIO_SIGN_IN_CEILING_PER_MINUTE: String(CEILING),
    });
    auth = await import('./[...all]/route');
    demo = await import('./demo/route');
    const { readyServices } = await import('../../../server/ready');
    await readyServices();
    const d = await import('../../../server/auth/demo');
    const { getDb } = await import('../../../server/db');
    const { getAuth } = await import('../../../server/auth');
    await d.ensureDemoUsers(await getDb(), await getAuth());
    DEMO_PASSWORD = d.DEMO_PASSWORD;
  });
  afterAll(async () => {
    await proc?.close();
  });

  /** A browser's POST: `url` is what Next hands the handler, `host`/`origin` what the browser sent. */
  const post = (p: string, o: { url?: string; host?: string; origin?: string; body?: unknown; cookie?: string; xff?: string }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (o.host) headers.host = o.host;
    if (o.origin) headers.origin = o.origin;
    if (o.cookie) headers.cookie = o.cookie;
    if (o.xff) headers['x-forwarded-for'] = o.xff;
    return auth.POST(new Request(`http://${o.url ?? `127.0.0.1:${PORT}`}/api/auth${p}`, { method: 'POST', headers, body: JSON.stringify(o.body ?? {}) }));
  };
  const signIn = (email: string, password: string, o: Parameters<typeof post>[1] = {}) => post('/sign-in/email', { ...o, body: { email, password } });
  const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = async (cookie: string) => (await auth.GET(new Request(`http://127.0.0.1:${PORT}/api/auth/get-session`, { headers: { cookie } }))).json();

  describe('origins', () => {
    // Next builds request.url from its own hostname; the browser's Host/Origin may be the other name.
    const loopback = [
      { url: `localhost:${PORT}`, host: `127.0.0.1:${PORT}` },
      { url: `127.0.0.1:${PORT}`, host: `localhost:${PORT}` },
      { url: `localhost:${PORT}`, host: `[::1]:${PORT}` },
      { url: `localhost:3000`, host: `127.0.0.5:3000` },
    ];
    it.each(loopback)('signs in and out at http://$host (request URL $url)', async ({ url, host }) => {
      const origin = `http://${host}`;
      const res = await signIn('engineer@demo.local', DEMO_PASSWORD, { url, host, origin });
      expect(res.status).toBe(200);
      const cookie = cookieOf(res);
      expect((await session(cookie))?.user?.email).toBe('engineer@demo.local');
      const out = await post('/sign-out', { url, host, origin, cookie });
      expect(out.status).toBe(200);
      expect(await session(cookie)).toBeNull();
    });

    it('accepts the configured public URL behind a proxy', async () => {
      const res = await signIn('engineer@demo.local', DEMO_PASSWORD, { url: `localhost:${PORT}`, host: `127.0.0.1:${PORT}`, origin: 'https://studio.example.org' });
      expect(res.status).toBe(200);
    });

    const foreign = [
      { host: `127.0.0.1:${PORT}`, origin: 'http://evil.example' },
      { host: `127.0.0.1:${PORT}`, origin: 'null' },
      { host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT + 1}` }, // another app on loopback
      { host: `127.0.0.1:${PORT}`, origin: `http://localhost:${PORT}` }, // not the address the request came to
      { host: `evil.example:${PORT}`, origin: `http://evil.example:${PORT}` }, // DNS rebinding
      { host: `127.0.0.1:${PORT}`, origin: 'http://studio.example.org' }, // public URL, wrong scheme
    ];
    it.each(foreign)('refuses sign-in from $origin (Host $host)', async ({ host, origin }) => {
      const res = await signIn('engineer@demo.local', DEMO_PASSWORD, { host, origin });
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it('refuses sign-out from a foreign origin: the session stays', async () => {
      const cookie = cookieOf(await signIn('engineer@demo.local', DEMO_PASSWORD, { host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT}` }));
      const out = await post('/sign-out', { host: `127.0.0.1:${PORT}`, origin: 'http://evil.example', cookie });
      expect(out.status).toBe(403);
      expect((await session(cookie))?.user?.email).toBe('engineer@demo.local');
    });
  });

  describe('lockout and rate limit', () => {
    const origin = `http://127.0.0.1:${PORT}`;
    const at = (i: number) => ({ origin, xff: `198.51.100.${i}` });
    const failuresRow = async (email: string) => {
      const { getDb } = await import('../../../server/db');
      return (await (await getDb()).select().from(signInFailures).where(eq(signInFailures.email, email)))[0];
    };

    it('locks the account after 5 failures from rotating addresses, refuses even the right password, unlocks after the backoff', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await signIn(i % 2 ? 'Clinician@Demo.Local' : 'clinician@demo.local', `wrong-password-${i}`, at(i));
        expect(res.status).toBe(401);
      }
      const locked = await signIn('clinician@demo.local', DEMO_PASSWORD, at(99));
      expect(locked.status).toBe(429);
      const retry = Number(locked.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(BASE_SECONDS - 5);
      expect(retry).toBeLessThanOrEqual(BASE_SECONDS);
      expect(await locked.json()).toMatchObject({ error: { code: 'AUTH_LOCKED', details: { retryAfterSeconds: retry } } });
      expect(locked.headers.getSetCookie()).toEqual([]);
      expect((await failuresRow('clinician@demo.local'))?.failures).toBe(5);

      // The backoff is over (moved into the past directly, no waiting): the right password works and resets.
      const { getDb } = await import('../../../server/db');
      await (await getDb()).update(signInFailures).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(signInFailures.email, 'clinician@demo.local'));
      const ok = await signIn('clinician@demo.local', DEMO_PASSWORD, at(100));
      expect(ok.status).toBe(200);
      expect(await failuresRow('clinician@demo.local')).toBeUndefined();
    });

    it('doubles the lock with each further failure, up to the maximum (clock injected)', async () => {
      const { guardSignIn, lockSeconds } = await import('../../../server/auth/lockout');
      const { getDb } = await import('../../../server/db');
      const db = await getDb();
      const policy = { afterFailures: 5, baseSeconds: 30, maxSeconds: 3600 };
      expect([4, 5, 6, 7, 11, 12, 40].map((f) => lockSeconds(f, policy))).toEqual([0, 30, 60, 120, 1920, 3600, 3600]);
      let now = new Date('2030-01-01T00:00:00Z');
      const email = 'nobody@example.test';
      const wrong = () => Promise.resolve(new Response(null, { status: 401 }));
      const deps = { db, policy, now: () => now };
      for (let i = 0; i < 5; i++) expect((await guardSignIn(deps, email, wrong)).status).toBe(401);
      for (const seconds of [30, 60, 120]) {
        now = new Date(now.getTime() + (seconds - 1) * 1000);
        expect((await guardSignIn(deps, email, wrong)).status).toBe(429); // still locked a second before the end
        now = new Date(now.getTime() + 1000);
        expect((await guardSignIn(deps, email, wrong)).status).toBe(401); // one more guess, then a longer lock
      }
      expect((await failuresRow(email))?.failures).toBe(8);
      expect((await failuresRow(email))?.lockedUntil?.getTime()).toBe(now.getTime() + 240_000);
    });
  });

  describe('common passwords', () => {
    it('refuses a common password when a member is added, whatever its case', async () => {
      const { processServices } = await import('../../../server/process');
      const { getAuth } = await import('../../../server/auth');
      const { addMember } = await import('../../../server/members/service');
      const deps = { ...(await processServices()), auth: await getAuth() };
      for (const password of ['password1234', 'Qwertyuiop', '1q2w3e4r5t6y']) {
        await expect(addMember(deps, { workspaceId: 'ws_default', email: 'new@example.test', name: 'New', password, role: 'clinician' })).rejects.toMatchObject({
          code: 'PASSWORD_TOO_COMMON',
        });
      }
      const { findUserByEmail } = await import('../../../server/auth/users');
      expect(await findUserByEmail(deps.db, 'new@example.test')).toBeNull();
      await expect(addMember(deps, { workspaceId: 'ws_default', email: 'new@example.test', name: 'New', password: 'violet-harbour-42', role: 'clinician' })).resolves.toMatchObject({
        userId: expect.any(String),
      });
    });

    it('refuses a common password on change-password', async () => {
      const origin = `http://127.0.0.1:${PORT}`;
      const cookie = cookieOf(await signIn('admin@demo.local', DEMO_PASSWORD, { origin }));
      const res = await post('/change-password', { origin, cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'password123' } });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe('PASSWORD_TOO_COMMON');
      expect((await signIn('admin@demo.local', DEMO_PASSWORD, { origin })).status).toBe(200);
    });
  });

  describe('demo route redirects', () => {
    const follow = (next: string) => demo.GET(new Request(`http://127.0.0.1:${PORT}/api/auth/demo?as=clinician&next=${encodeURIComponent(next)}`));
    it.each(OFF_SITE_NEXT)('sends next=%j home, never off-site', async (next) => {
      const res = await follow(next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
    });
    it('keeps a same-origin next', async () => {
      expect((await follow('/runs?x=1')).headers.get('location')).toBe('/runs?x=1');
    });
  });

  it('believes X-Forwarded-For only through STUDIO_TRUSTED_PROXIES, and then only its right-most untrusted hop', async () => {
    const { createAuth } = await import('../../../server/auth/auth');
    const { getDb } = await import('../../../server/db');
    const proxied = createAuth(await getDb(), { secret: 'x'.repeat(32), trustedProxies: ['10.0.0.0/8'], signInAttemptsPerMinute: 2 });
    const attempt = (xff: string) =>
      proxied.handler(
        new Request(`http://127.0.0.1:${PORT}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${PORT}`, 'x-forwarded-for': xff },
          body: JSON.stringify({ email: 'proxied@example.test', password: 'wrong-password-p' }),
        }),
      );
    // The client prepends whatever it likes; the proxy (10.0.0.2) appended the real address.
    const statuses = [];
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) statuses.push((await attempt(`${spoofed}, 192.0.2.10, 10.0.0.2`)).status);
    expect(statuses).toEqual([401, 401, 429]);
    expect((await attempt('192.0.2.11, 10.0.0.2')).status).toBe(401); // another client has its own bucket
  });

  describe('red-team: body size, content type, email length', () => {
    const origin = `http://127.0.0.1:${PORT}`;
    const raw = (p: string, body: BodyInit, headers: Record<string, string>) =>
      auth.POST(new Request(`http://127.0.0.1:${PORT}/api/auth${p}`, { method: 'POST', headers: { origin, ...headers }, body, duplex: 'half' } as RequestInit));
    const errorOf = async (res: Response) => ((await res.clone().json().catch(() => ({}))) as { error?: { code?: string; details?: unknown } }).error;

    it.each(['/sign-in/email', '/change-password', '/sign-out', '/anything'])('refuses a 17 KiB JSON body on %s: 413 BODY_TOO_LARGE', async (p) => {
      const body = JSON.stringify({ email: 'admin@demo.local', password: 'x'.repeat(17 * 1024) });
      const res = await raw(p, body, { 'content-type': 'application/json', 'content-length': String(body.length) });
      expect(res.status).toBe(413);
      expect(await errorOf(res)).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limitBytes: 16 * 1024 } });
    });

    it('stops reading an endless sign-in body (no Content-Length) after the limit: 413, a few 1 MiB chunks pulled, not endlessly', async () => {
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++;
          c.enqueue(new TextEncoder().encode(pulled === 1 ? '{"email":"' : 'a'.repeat(1024 * 1024)));
        },
      });
      const res = await raw('/sign-in/email', endless, { 'content-type': 'application/json' });
      expect(res.status).toBe(413);
      expect((await errorOf(res))?.code).toBe('BODY_TOO_LARGE');
      expect(pulled).toBeLessThanOrEqual(8); // read-ahead of the stream adapter, then cancelled
    });

    it('refuses an email over 320 characters before any lookup: 400, nothing recorded', async () => {
      const email = `${'a'.repeat(400)}@example.test`;
      const res = await signIn(email, 'wrong-password-long', { origin });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'BAD_REQUEST', details: { maxLength: 320 } });
      const { getDb } = await import('../../../server/db');
      expect(await (await getDb()).select().from(signInFailures)).not.toContainEqual(expect.objectContaining({ email: email.slice(0, 320) }));
    });

    it('a locked account stays locked for form-encoded, multipart and text sign-ins with the right password (415, no cookie)', async () => {
      const email = 'clinician@demo.local';
      for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong-password-f${i}`, { origin })).status).toBe(401);
      expect((await signIn(email, DEMO_PASSWORD, { origin })).status).toBe(429);
      const form = new FormData();
      form.append('email', email);
      form.append('password', DEMO_PASSWORD);
      const attempts: Array<[BodyInit, Record<string, string>]> = [
        [new URLSearchParams({ email, password: DEMO_PASSWORD }).toString(), { 'content-type': 'application/x-www-form-urlencoded' }],
        [form, {}],
        [JSON.stringify({ email, password: DEMO_PASSWORD }), { 'content-type': 'text/plain' }],
        [JSON.stringify({ email, password: DEMO_PASSWORD }), {}],
      ];
      for (const [body, headers] of attempts) {
        const res = await raw('/sign-in/email', body, headers);
        expect(res.status).toBe(415);
        expect((await errorOf(res))?.code).toBe('UNSUPPORTED_CONTENT_TYPE');
        expect(res.headers.getSetCookie()).toEqual([]);
      }
      // Wrong passwords sent as a form cannot be checked either, so none escapes counting: still locked.
      expect((await signIn(email, DEMO_PASSWORD, { origin })).status).toBe(429);
      const { getDb } = await import('../../../server/db');
      await (await getDb()).delete(signInFailures).where(eq(signInFailures.email, email));
    });
  });

  describe('red-team: no bucket shared with strangers', () => {
    const origin = `http://127.0.0.1:${PORT}`;
    it('change-password and sign-out of one person are not throttled by others; a session gets 10 changes a minute', async () => {
      const admin = cookieOf(await signIn('admin@demo.local', DEMO_PASSWORD, { origin }));
      const engineer = cookieOf(await signIn('engineer@demo.local', DEMO_PASSWORD, { origin }));
      const change = (cookie: string) => post('/change-password', { origin, cookie, body: { currentPassword: 'not-the-password', newPassword: 'violet-harbour-42' } });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await change(engineer)).status);
      expect(statuses.every((s) => s === 400 || s === 401)).toBe(true);
      expect((await change(engineer)).status).toBe(429); // the engineer's own session, 11th in a minute
      expect([400, 401]).toContain((await change(admin)).status); // the admin is not throttled by the engineer
      for (let i = 0; i < 5; i++) expect((await post('/sign-out', { origin, cookie: cookieOf(await signIn('engineer@demo.local', DEMO_PASSWORD, { origin })) })).status).toBe(200);
      expect((await post('/sign-out', { origin, cookie: admin })).status).toBe(200);
    });
  });

  // Last: it fills the one shared sign-in ceiling for a minute.
  describe('rate limit', () => {
    const origin = `http://127.0.0.1:${PORT}`;
    it('25 bad sign-ins for other and unknown emails (rotating X-Forwarded-For) do not throttle the admin sign-in; the shared ceiling still holds', async () => {
      const spray = (i: number) => signIn(i % 2 ? `spray-${i}@example.test` : 'engineer@demo.local', `wrong-password-${i}`, { origin, xff: `203.0.113.${i % 250}` });
      for (let i = 0; i < 25; i++) expect((await spray(i)).status).toBe(i % 2 ? 401 : i < 10 ? 401 : 429); // the engineer locks after 5 failures
      expect((await signIn('admin@demo.local', DEMO_PASSWORD, { origin })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 25; statuses.length <= CEILING && !statuses.includes(429); i += 2) statuses.push((await spray(i)).status);
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    });
  });
});
